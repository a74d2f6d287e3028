// One command, one run: every sub-benchmark in turn (each a child process with a time limit),
// then one table of figures with their targets. A sub-bench that is missing or fails is reported
// as such. Results: bench/results/latest.json. Usage: npm run bench
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const started = Date.now();

const SUBS = [
  { name: "gateway", script: "bench/gateway.mjs", args: ["--seconds", "8"], limitMs: 240_000 },
  { name: "routing-quality", script: "bench/routing-quality.mjs", args: [], limitMs: 120_000 },
  { name: "rewards", script: "bench/rewards.mjs", args: [], limitMs: 180_000 },
  { name: "cli-cold-start", script: "provider-cli/bench/cold-start.mjs", args: ["15"], limitMs: 120_000 },
];

function runSub(s) {
  const file = path.join(root, s.script);
  if (!existsSync(file)) return Promise.resolve({ status: "missing", ms: 0, output: "", result: null });
  return new Promise((resolve) => {
    const t0 = Date.now();
    // Own process group, so a timed-out bench takes its wrangler and workerd children with it.
    const child = spawn(process.execPath, [file, ...s.args], { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" } });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d) => (out += d));
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {}
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill("SIGTERM");
      setTimeout(() => kill("SIGKILL"), 5000).unref();
    }, s.limitMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      kill("SIGKILL");
      const line = out.split("\n").reverse().find((l) => l.startsWith("{") && l.includes('"bench"'));
      let result = null;
      try {
        result = line ? JSON.parse(line) : null;
      } catch {}
      const status = timedOut ? "timed out" : code !== 0 ? `failed (exit ${code})` : result ? "ok" : "no result line";
      resolve({ status, ms: Date.now() - t0, output: out.slice(-3000), result });
    });
  });
}

const runs = {};
for (const s of SUBS) {
  console.log(`\n── ${s.name} (${s.script}) ──`);
  runs[s.name] = await runSub(s);
  if (runs[s.name].status !== "ok") console.log(`${s.name}: ${runs[s.name].status}\n${runs[s.name].output.slice(-1500)}`);
}

const f = (x, d = 2) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "—");
const rows = [];
const row = (area, figure, value, target, met) => rows.push({ area, figure, value, target, verdict: met === null ? "n/a" : met ? "met" : "MISSED" });
const g = runs.gateway.result;
if (g) {
  row("gateway", "req/s gateway / bare / ratio", `${f(g.gateway.rps, 0)} / ${f(g.bare.rps, 0)} / ${f(g.ratio)}x`, ">= 0.85x", g.ratio >= 0.85);
  row("gateway", "1-request p50 ms gateway / bare / added", `${f(g.seqGatewayP50Ms)} / ${f(g.seqBareP50Ms)} / +${f(g.addedP50Ms)}`, "added <= 1 ms", g.addedP50Ms <= 1);
  row("gateway", "p50 ms under load gateway / bare / added", `${f(g.gateway.p50)} / ${f(g.bare.p50)} / +${f(g.loadAddedP50Ms)}`, "(reported)", null);
  row("gateway", "p99 ms under load gateway / bare / added", `${f(g.gateway.p99)} / ${f(g.bare.p99)} / +${f(g.addedP99Ms)}`, "(reported)", null);
  row("gateway", "req/s with co-located consumer / ratio", `${f(g.gatewayWithConsumer.rps, 0)} / ${f(g.ratioWithConsumer)}x`, "(reported)", null);
  row("gateway", "DO calls per request", f(g.doCallsPerRequest, 4), "<= 0.05", g.doCallsPerRequest <= 0.05);
  row("gateway", "stream TTFT ms gateway / bare / added", `${f(g.ttftGatewayMs)} / ${f(g.ttftBareMs)} / +${f(g.ttftAddedMs)}`, "added <= 2 ms", g.ttftAddedMs <= 2);
} else row("gateway", "all figures", runs.gateway.status, "", false);
const rq = runs["routing-quality"].result;
if (rq) {
  row("routing", "p99 ms weighted / uniform / ratio", `${f(rq.weighted.p99, 0)} / ${f(rq.uniform.p99, 0)} / ${f(rq.p99Ratio)}x`, "<= 0.5x", rq.p99Ratio <= 0.5);
  row("routing", "success weighted / uniform (10% flaky)", `${f(rq.weighted.successRate * 100, 2)}% / ${f(rq.uniform.successRate * 100, 2)}%`, "weighted 100%", rq.weighted.successRate === 1);
} else row("routing", "all figures", runs["routing-quality"].status, "", false);
const rw = runs.rewards.result;
if (rw) row("rewards", "usage events credited/s (best / median)", `${f(rw.bestEventsPerSec, 0)} / ${f(rw.medianEventsPerSec, 0)}`, ">= 5,000", rw.bestEventsPerSec >= 5000);
else row("rewards", "events/s", runs.rewards.status, "", false);
const cs = runs["cli-cold-start"].result;
if (cs) {
  row("cli", "--help cold start ms (median)", f(cs.helpColdStartMs, 1), "<= 300", cs.helpColdStartMs <= 300);
  row("cli", "hardware detection ms (median)", f(cs.hardwareDetectionMs, 1), "<= 2000", cs.hardwareDetectionMs <= 2000);
} else row("cli", "cold start", runs["cli-cold-start"].status, "", false);

const widths = ["area", "figure", "value", "target", "verdict"].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
const line = (cells) => "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
const tableText = [line(["area", "figure", "value", "target", "verdict"]), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map((r) => line([r.area, r.figure, r.value, r.target, r.verdict]))].join("\n");
const totalS = (Date.now() - started) / 1000;
console.log(`\n${tableText}\n\n${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, total ${totalS.toFixed(0)} s`);

mkdirSync(path.join(root, "bench/results"), { recursive: true });
const record = { at: new Date().toISOString(), node: process.version, cores: os.cpus().length, totalSeconds: totalS, table: rows, subs: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { status: v.status, ms: v.ms, result: v.result }])) };
writeFileSync(path.join(root, "bench/results/latest.json"), JSON.stringify(record, null, 2) + "\n");
writeFileSync(path.join(root, "bench/results/latest.md"), tableText + "\n");
