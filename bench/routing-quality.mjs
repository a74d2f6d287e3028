// Routing quality under heterogeneous nodes: the REAL picker (workers/routing/picker.ts, bundled
// with esbuild) against uniform random choice, in a seeded discrete-event simulation with 10% flaky
// nodes. Both sides get the gateway's retry policy (up to 3 nodes before the first byte); the
// weighted side also keeps the registry's health figures (EWMA latency, Laplace success rate,
// cooldown after consecutive failures) updated from every outcome, as the registry does.
// Prints a table and a final JSON line. Usage: node bench/routing-quality.mjs [--requests 20000]
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const REQUESTS = arg("--requests", 20_000);
const NODES = 20;
const FLAKY_SHARE = 0.1;
const FLAKY_FAIL_P = 0.5;
const FLAKY_FAIL_MS = 1_000;
const MAX_ATTEMPTS = 3;
const LOAD = 0.6;

const dir = mkdtempSync(path.join(tmpdir(), "cx-routing-"));
const out = path.join(dir, "routing.mjs");
await build({
  stdin: { contents: 'export { pick } from "./workers/routing/picker.ts"; export { cooldownMs, EWMA_ALPHA } from "./workers/routing/health.ts";', resolveDir: root, loader: "ts" },
  bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "silent",
});
const { pick, cooldownMs, EWMA_ALPHA } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

const TIERS = [
  ["tide-pool", 600],
  ["blue-surge", 300],
  ["open-ocean", 150],
  ["mariana-depth", 80],
];

/** The same fleet for both strategies: tier, typical latency, capacity, flaky or not. */
function fleet(seed) {
  const r = prng(seed);
  return Array.from({ length: NODES }, (_, i) => {
    const [tier, ms] = TIERS[i % TIERS.length];
    return { nodeId: `n${i}`, tier, baseMs: ms * (0.7 + 0.6 * r()), capacity: 4 + Math.floor(r() * 9), flaky: i < NODES * FLAKY_SHARE };
  });
}

function simulate(strategy, seed) {
  const r = prng(seed);
  const nodes = fleet(1234).map((n) => ({
    spec: n,
    inFlight: 0,
    view: { nodeId: n.nodeId, providerId: "p", publicUrl: "", secret: "", tier: n.tier, services: ["chat"], models: ["llama3:8b"], capacity: n.capacity, inFlight: 0, ewmaLatencyMs: 0, successRate: 0.5, cooldownUntil: 0, expiresAt: Infinity },
    successes: 0, failures: 0, consecutive: 0,
  }));
  const throughput = nodes.reduce((s, n) => s + n.spec.capacity / n.spec.baseMs, 0); // requests per ms at full use
  const gapMs = 1 / (throughput * LOAD);
  const events = []; // min-heap would be faster; arrival-ordered insertion keeps this simple and exact
  const push = (ev) => {
    let lo = 0, hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid].t <= ev.t) lo = mid + 1; else hi = mid;
    }
    events.splice(lo, 0, ev);
  };
  let t = 0;
  for (let i = 0; i < REQUESTS; i++) {
    t += -Math.log(1 - r()) * gapMs;
    push({ t, kind: "arrive", req: { id: i, start: t, tried: new Set(), attempts: 0 } });
  }
  const done = [];
  const attempt = (req, now) => {
    const open = nodes.filter((n) => !req.tried.has(n.spec.nodeId));
    let chosen = null;
    if (strategy === "weighted") {
      const res = pick(open.map((n) => ({ node: { ...n.view, inFlight: n.inFlight }, localInFlight: n.inFlight, localCooldownUntil: 0 })), now, r);
      if (res.kind === "picked") chosen = nodes.find((n) => n.spec.nodeId === res.candidate.node.nodeId);
    } else {
      const free = open.filter((n) => n.inFlight < n.spec.capacity);
      if (free.length) chosen = free[Math.floor(r() * free.length)];
    }
    if (!chosen) return done.push({ ok: false, ms: now - req.start, attempts: req.attempts });
    req.tried.add(chosen.spec.nodeId);
    req.attempts++;
    chosen.inFlight++;
    const fails = chosen.spec.flaky && r() < FLAKY_FAIL_P;
    const ms = fails ? FLAKY_FAIL_MS : Math.max(5, chosen.spec.baseMs * Math.exp(0.35 * gauss(r)));
    push({ t: now + ms, kind: "finish", req, node: chosen, ok: !fails, ms });
  };
  while (events.length) {
    const ev = events.shift();
    if (ev.kind === "arrive") {
      attempt(ev.req, ev.t);
      continue;
    }
    const n = ev.node;
    n.inFlight--;
    if (ev.ok) {
      n.successes++;
      n.consecutive = 0;
      n.view.ewmaLatencyMs = n.view.ewmaLatencyMs === 0 ? ev.ms : n.view.ewmaLatencyMs * (1 - EWMA_ALPHA) + ev.ms * EWMA_ALPHA;
    } else {
      n.failures++;
      n.consecutive++;
      const cd = cooldownMs(n.consecutive);
      if (cd > 0) n.view.cooldownUntil = ev.t + cd;
    }
    n.view.successRate = (n.successes + 1) / (n.successes + n.failures + 2);
    if (ev.ok) done.push({ ok: true, ms: ev.t - ev.req.start, attempts: ev.req.attempts });
    else if (ev.req.attempts < MAX_ATTEMPTS) attempt(ev.req, ev.t);
    else done.push({ ok: false, ms: ev.t - ev.req.start, attempts: ev.req.attempts });
  }
  const ms = done.map((d) => d.ms).sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  return {
    requests: done.length,
    successRate: done.filter((d) => d.ok).length / done.length,
    p50: q(0.5),
    p99: q(0.99),
    meanAttempts: done.reduce((s, d) => s + d.attempts, 0) / done.length,
  };
}

const weighted = simulate("weighted", 99);
const uniform = simulate("uniform", 99);
const p99Ratio = weighted.p99 / uniform.p99;
const targets = { "weighted p99 <= 0.5x uniform": p99Ratio <= 0.5, "weighted success 100% at 10% flaky": weighted.successRate === 1 };
const f = (x) => x.toFixed(1);
console.log(`${NODES} nodes (4 tiers, typical latency 80–600 ms ±30%, capacity 4–12), ${FLAKY_SHARE * 100}% flaky (fail ${FLAKY_FAIL_P * 100}% after ${FLAKY_FAIL_MS} ms), load ${LOAD * 100}% of fleet capacity, ${REQUESTS} requests, retry on up to ${MAX_ATTEMPTS} nodes`);
console.log("strategy   | success  | p50 ms | p99 ms | attempts");
for (const [name, s] of [["weighted", weighted], ["uniform", uniform]]) console.log(`${name.padEnd(10)} | ${(s.successRate * 100).toFixed(2).padStart(6)}%  | ${f(s.p50).padStart(6)} | ${f(s.p99).padStart(6)} | ${s.meanAttempts.toFixed(3)}`);
console.log(`p99 ratio weighted/uniform: ${p99Ratio.toFixed(3)}x`);
for (const [k, ok] of Object.entries(targets)) console.log(`${ok ? "met   " : "MISSED"}  ${k}`);
console.log(JSON.stringify({ bench: "routing-quality", nodes: NODES, flakyShare: FLAKY_SHARE, requests: REQUESTS, weighted, uniform, p99Ratio, targets }));
