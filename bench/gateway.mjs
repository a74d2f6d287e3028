// Gateway vs bare pass-through on the same workerd (wrangler dev), against an instant upstream.
// Prints a table and a final JSON line. Usage: node bench/gateway.mjs [--seconds 8]
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { load, post, root, startInstantNode, startWrangler, table } from "./lib.mjs";

/**
 * The Worker's own config minus the queue consumer. In production the consumer runs in its own
 * invocations; under `wrangler dev` it shares the gateway's workerd and these 2 cores, crediting
 * every event into local D1 while the gateway is measured. Both setups are measured and printed.
 */
function configWithoutConsumer() {
  const text = readFileSync(path.join(root, "wrangler.toml"), "utf8")
    .replace(/\[\[queues\.consumers\]\][^[]*/, "")
    .replace(/^main = "(.*)"/m, (_m, p) => `main = "${path.join(root, p)}"`)
    .replace(/^directory = "(.*)"/m, (_m, p) => `directory = "${path.join(root, p)}"`)
    .replace(/^migrations_dir = "(.*)"/m, (_m, p) => `migrations_dir = "${path.join(root, p)}"`);
  if (text.includes("queues.consumers")) throw new Error("could not remove the consumer from wrangler.toml");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cxmpute-bench-cfg-")), "wrangler.toml");
  writeFileSync(file, text);
  return file;
}

const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 8;
const CONC = 16;
const ROUNDS = 4;
const SEQ = 200;
const node = await startInstantNode();
const gw = await startWrangler({ config: configWithoutConsumer(), vars: { HEARTBEAT_INTERVAL_MS: "600000" } });
const gwc = await startWrangler({ vars: { HEARTBEAT_INTERVAL_MS: "600000" } });
const bare = await startWrangler({ config: "bench/fixtures/passthrough.wrangler.toml", vars: { UPSTREAM: node.url }, migrate: false });

const j = async (r) => {
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return r.json();
};

/** Provider + node announced through the real API; many keys so the per-key rate limit stays out of the way. */
async function setup(w) {
  const prov = await j(await fetch(w.url + "/api/providers", { method: "POST", headers: { "cf-connecting-ip": "10.0.0.1" } }));
  await j(
    await fetch(`${w.url}/api/providers/${prov.providerId}/nodes`, {
      method: "POST",
      headers: { authorization: `Bearer ${prov.providerSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ publicUrl: node.url, hardware: { os: "linux", arch: "x64", cpuModel: "bench", cpuCores: 8, ramGb: 32, diskFreeGb: 100, gpus: [], vramGb: 16 }, tier: "open-ocean", services: ["chat"], models: ["llama3:8b"], capacity: 1024, version: "bench" }),
    }),
  );
  const keys = [];
  for (let u = 0; u < 2; u++) {
    const user = await j(await fetch(w.url + "/api/users", { method: "POST", headers: { "cf-connecting-ip": `10.0.0.${u + 2}` } }));
    keys.push(user.apiKey);
    for (let i = 0; i < 24; i++) keys.push((await j(await fetch(`${w.url}/api/user/${user.userId}/keys`, { method: "POST", headers: { authorization: `Bearer ${user.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ name: `bench${i}` }) }))).key);
  }
  return {
    url: w.url + "/v1/chat/completions",
    headers: (i) => ({ authorization: `Bearer ${keys[i % keys.length]}` }),
    // Sync RPCs served by the tier shards (each one is one Durable Object call from a gateway isolate).
    registryCalls: async () => (await j(await fetch(w.url + "/api/admin/registry", { headers: { authorization: `Bearer ${w.adminToken}` } }))).tiers.reduce((s, t) => s + t.syncCalls, 0),
  };
}

try {
  const sides = { gw: await setup(gw), gwc: await setup(gwc), bare: { url: bare.url + "/v1/chat/completions", headers: () => ({}) } };
  const body = JSON.stringify({ model: "llama3:8b", messages: [{ role: "user", content: "ping" }] });
  const sbody = JSON.stringify({ model: "llama3:8b", messages: [{ role: "user", content: "ping" }], stream: true });
  const median = (xs) => [...xs].sort((a, c) => a - c)[xs.length >> 1];

  // Warm all (isolates, connections, the routing snapshot).
  for (const s of Object.values(sides)) await load({ url: s.url, body, pickHeaders: s.headers, concurrency: CONC, seconds: 1.5 });

  // Added latency, one request at a time (no queueing in the figure), all sides interleaved so
  // background load on the shared cores hits them alike. Measured before the load phase: a
  // co-located consumer is still crediting that phase's events afterwards.
  const seq = { gw: { n: [], s: [] }, gwc: { n: [], s: [] }, bare: { n: [], s: [] } };
  for (let i = 0; i < SEQ; i++) {
    for (const [k, s] of Object.entries(sides)) {
      seq[k].n.push((await post(s.url, body, s.headers(i))).ms);
      seq[k].s.push((await post(s.url, sbody, s.headers(i))).ttfb);
    }
  }

  // Throughput: closed loop, CONC workers, in rounds whose order rotates.
  const names = Object.keys(sides);
  const rounds = { gw: [], gwc: [], bare: [] };
  const callsBefore = await sides.gw.registryCalls();
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      const s = sides[name];
      rounds[name].push(await load({ url: s.url, body, pickHeaders: s.headers, concurrency: CONC, seconds: seconds / ROUNDS }));
    }
  }
  const callsAfter = await sides.gw.registryCalls();
  const merge = (rs) => {
    const lat = rs.flatMap((x) => x.lat).sort((a, c) => a - c);
    const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
    const elapsed = rs.reduce((t, x) => t + x.elapsed, 0);
    return { rps: lat.length / elapsed, p50: q(0.5), p99: q(0.99), ok: lat.length, errors: rs.reduce((t, x) => t + x.errors, 0), roundsRps: rs.map((x) => Math.round(x.rps)) };
  };
  const g = merge(rounds.gw);
  const gc = merge(rounds.gwc);
  const b = merge(rounds.bare);
  const perReq = (callsAfter - callsBefore) / Math.max(1, g.ok);
  const ttftGw = median(seq.gw.s);
  const ttftBare = median(seq.bare.s);
  const res = {
    gateway: g,
    bare: b,
    gatewayWithConsumer: gc,
    ratio: g.rps / b.rps,
    ratioWithConsumer: gc.rps / b.rps,
    // Target figure: added median latency of a single request (sequential, interleaved).
    seqGatewayP50Ms: median(seq.gw.n),
    seqGatewayWithConsumerP50Ms: median(seq.gwc.n),
    seqBareP50Ms: median(seq.bare.n),
    addedP50Ms: median(seq.gw.n) - median(seq.bare.n),
    // Under closed-loop load the median is mostly queueing (concurrency / throughput): reported only.
    loadAddedP50Ms: g.p50 - b.p50,
    addedP99Ms: g.p99 - b.p99,
    doCallsPerRequest: perReq,
    ttftGatewayMs: ttftGw,
    ttftGatewayWithConsumerMs: median(seq.gwc.s),
    ttftBareMs: ttftBare,
    ttftAddedMs: ttftGw - ttftBare,
    targets: {},
  };
  res.targets = {
    "throughput >= 0.85x bare": res.ratio >= 0.85,
    "added p50 <= 1 ms": res.addedP50Ms <= 1,
    "DO calls/request <= 0.05": perReq <= 0.05,
    "TTFT added <= 2 ms": res.ttftAddedMs <= 2,
  };
  const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : String(x));
  console.log(
    table([
      ["path", "req/s", "ratio", "p50 ms", "p99 ms", "1-req p50 ms", "TTFT ms", "errors"],
      ["bare pass-through", f(b.rps), "1.00x", f(b.p50), f(b.p99), f(res.seqBareP50Ms), f(ttftBare), b.errors],
      ["gateway (auth, route, sign, count, queue)", f(g.rps), f(res.ratio) + "x", f(g.p50), f(g.p99), f(res.seqGatewayP50Ms), f(ttftGw), g.errors],
      ["gateway + usage consumer in the same workerd", f(gc.rps), f(res.ratioWithConsumer) + "x", f(gc.p50), f(gc.p99), f(res.seqGatewayWithConsumerP50Ms), f(res.ttftGatewayWithConsumerMs), gc.errors],
    ]),
  );
  console.log(`per-round req/s: gateway ${g.roundsRps.join(", ")}; with consumer ${gc.roundsRps.join(", ")}; bare ${b.roundsRps.join(", ")}`);
  console.log(`added: 1-request p50 ${f(res.addedP50Ms)} ms (${SEQ} each, interleaved), TTFT ${f(res.ttftAddedMs)} ms; under load p50 +${f(res.loadAddedP50Ms)} ms, p99 +${f(res.addedP99Ms)} ms`);
  console.log(`DO calls per routed request: ${perReq.toFixed(4)} (${callsAfter - callsBefore} sync calls / ${g.ok} requests)`);
  for (const [k, ok] of Object.entries(res.targets)) console.log(`${ok ? "met   " : "MISSED"}  ${k}`);
  console.log(JSON.stringify({ bench: "gateway", ...res }));
} finally {
  await Promise.all([gw.stop(), gwc.stop(), bare.stop(), node.close()]);
}
