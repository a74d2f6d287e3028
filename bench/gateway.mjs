// Gateway vs bare pass-through on the same workerd (wrangler dev), against an instant upstream.
// Prints a table and a final JSON line. Usage: node bench/gateway.mjs [--seconds 8]
import { load, post, startInstantNode, startWrangler, table } from "./lib.mjs";

const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 8;
const CONC = 16;
const node = await startInstantNode();
const gw = await startWrangler({ vars: { HEARTBEAT_INTERVAL_MS: "600000" } });
const bare = await startWrangler({ config: "bench/fixtures/passthrough.wrangler.toml", vars: { UPSTREAM: node.url }, migrate: false });

try {
  const j = async (r) => {
    if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
    return r.json();
  };
  // Provider + node announced through the real API; many keys so the per-key rate limit stays out of the way.
  const prov = await j(await fetch(gw.url + "/api/providers", { method: "POST", headers: { "cf-connecting-ip": "10.0.0.1" } }));
  const ann = await j(
    await fetch(`${gw.url}/api/providers/${prov.providerId}/nodes`, {
      method: "POST",
      headers: { authorization: `Bearer ${prov.providerSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ publicUrl: node.url, hardware: { os: "linux", arch: "x64", cpuModel: "bench", cpuCores: 8, ramGb: 32, diskFreeGb: 100, gpus: [], vramGb: 16 }, tier: "open-ocean", services: ["chat"], models: ["llama3:8b"], capacity: 1024, version: "bench" }),
    }),
  );
  const keys = [];
  for (let u = 0; u < 2; u++) {
    const user = await j(await fetch(gw.url + "/api/users", { method: "POST", headers: { "cf-connecting-ip": `10.0.0.${u + 2}` } }));
    keys.push(user.apiKey);
    for (let i = 0; i < 24; i++) keys.push((await j(await fetch(`${gw.url}/api/user/${user.userId}/keys`, { method: "POST", headers: { authorization: `Bearer ${user.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ name: `bench${i}` }) }))).key);
  }
  const auth = (i) => ({ authorization: `Bearer ${keys[i % keys.length]}` });
  const body = JSON.stringify({ model: "llama3:8b", messages: [{ role: "user", content: "ping" }] });
  const registryCalls = async () => (await j(await fetch(gw.url + "/api/admin/registry", { headers: { authorization: `Bearer ${gw.adminToken}` } }))).tiers.reduce((s, t) => s + t.syncCalls, 0);

  // Warm both (isolates, connections, the routing snapshot).
  await load({ url: gw.url + "/v1/chat/completions", body, pickHeaders: auth, concurrency: CONC, seconds: 2 });
  await load({ url: bare.url + "/v1/chat/completions", body, concurrency: CONC, seconds: 2 });

  const callsBefore = await registryCalls();
  const g = await load({ url: gw.url + "/v1/chat/completions", body, pickHeaders: auth, concurrency: CONC, seconds });
  const callsAfter = await registryCalls();
  const b = await load({ url: bare.url + "/v1/chat/completions", body, concurrency: CONC, seconds });

  // Streaming time to first byte, sequential so queueing does not blur it.
  const sbody = JSON.stringify({ model: "llama3:8b", messages: [{ role: "user", content: "ping" }], stream: true });
  const ttfb = async (url, headers) => {
    const xs = [];
    for (let i = 0; i < 150; i++) xs.push((await post(url, sbody, headers(i))).ttfb);
    xs.sort((a, c) => a - c);
    return xs[Math.floor(xs.length / 2)];
  };
  const ttftGw = await ttfb(gw.url + "/v1/chat/completions", auth);
  const ttftBare = await ttfb(bare.url + "/v1/chat/completions", () => ({}));

  const perReq = (callsAfter - callsBefore) / Math.max(1, g.ok);
  const res = {
    gateway: g,
    bare: b,
    ratio: g.rps / b.rps,
    addedP50Ms: g.p50 - b.p50,
    addedP99Ms: g.p99 - b.p99,
    doCallsPerRequest: perReq,
    ttftGatewayMs: ttftGw,
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
      ["path", "req/s", "p50 ms", "p99 ms", "errors"],
      ["bare pass-through", f(b.rps), f(b.p50), f(b.p99), b.errors],
      ["gateway (auth, route, sign, count, queue)", f(g.rps), f(g.p50), f(g.p99), g.errors],
      ["ratio / added", f(res.ratio) + "x", "+" + f(res.addedP50Ms), "+" + f(res.addedP99Ms), ""],
    ]),
  );
  console.log(`DO calls per routed request: ${perReq.toFixed(4)}   streaming TTFT: gateway ${f(ttftGw)} ms, bare ${f(ttftBare)} ms, added ${f(res.ttftAddedMs)} ms`);
  for (const [k, ok] of Object.entries(res.targets)) console.log(`${ok ? "met   " : "MISSED"}  ${k}`);
  console.log(JSON.stringify({ bench: "gateway", ...res }));
} finally {
  await Promise.all([gw.stop(), bare.stop(), node.close()]);
}
