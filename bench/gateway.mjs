// Gateway vs a bare pass-through Worker in the same workerd, against an instant upstream.
// Prints a table and a final JSON line. Usage: node bench/gateway.mjs [--seconds 8]
import { ADMIN_TOKEN as ADMIN, buildDeployBundle, call, gatewayWorker, startWorkerd } from "./workerd.mjs";
import path from "node:path";
import { load, post, root, startInstantNode, table } from "./lib.mjs";

const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 8;
const CONC = 16;
const ROUNDS = 6;
const SEQ = 200;
const node = await startInstantNode();
const bundle = buildDeployBundle();
const vars = { HEARTBEAT_INTERVAL_MS: "600000" };
// Three Workers, one workerd: the gateway as deployed (its queue consumer runs in its own
// invocations in production, so it is left out), a copy with the consumer crediting every event
// into D1 on these same cores (what `wrangler dev` does), and the bare pass-through.
const workerd = await startWorkerd([
  gatewayWorker({ bundle, name: "gateway", host: "gateway.bench", vars }),
  gatewayWorker({ bundle, name: "gateway-consumer", host: "gateway-consumer.bench", suffix: "-c", consumer: true, vars }),
  {
    name: "bare",
    routes: ["bare.bench/*"],
    modules: [{ type: "ESModule", path: path.join(root, "bench/fixtures/passthrough.js") }],
    modulesRoot: path.join(root, "bench/fixtures"),
    compatibilityDate: "2026-11-01",
    bindings: { UPSTREAM: node.url },
  },
]);

/** Provider + node announced through the real API; many keys so the per-key rate limit stays out of the way. */
async function setup(host) {
  const api = (p, opts) => call(workerd.url, host, p, opts);
  const prov = await api("/api/providers", { method: "POST", headers: { "cf-connecting-ip": "10.0.0.1" } });
  await api(`/api/providers/${prov.providerId}/nodes`, {
    method: "POST",
    token: prov.providerSecret,
    body: { publicUrl: node.url, hardware: { os: "linux", arch: "x64", cpuModel: "bench", cpuCores: 8, ramGb: 32, diskFreeGb: 100, gpus: [], vramGb: 16 }, tier: "open-ocean", services: ["chat"], models: ["llama3:8b"], capacity: 1024, version: "bench" },
  });
  const keys = [];
  for (let u = 0; u < 2; u++) {
    const user = await api("/api/users", { method: "POST", headers: { "cf-connecting-ip": `10.0.0.${u + 2}` } });
    keys.push(user.apiKey);
    for (let i = 0; i < 24; i++) keys.push((await api(`/api/user/${user.userId}/keys`, { method: "POST", token: user.apiKey, body: { name: `bench${i}` } })).key);
  }
  return {
    url: workerd.url + "/v1/chat/completions",
    headers: (i) => ({ host, authorization: `Bearer ${keys[i % keys.length]}` }),
    // Sync RPCs served by the tier shards (each one is one Durable Object call from a gateway isolate).
    registryCalls: async () => (await api("/api/admin/registry", { token: ADMIN })).tiers.reduce((s, t) => s + t.syncCalls, 0),
  };
}

try {
  const sides = { gw: await setup("gateway.bench"), gwc: await setup("gateway-consumer.bench"), bare: { url: workerd.url + "/v1/chat/completions", headers: () => ({ host: "bare.bench" }) } };
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
  await Promise.all([workerd.stop(), node.close()]);
}
