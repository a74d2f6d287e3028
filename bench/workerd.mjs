// One plain workerd (Miniflare) holding several Workers side by side, reached by Host header.
// `wrangler dev` puts a proxy workerd and a DevTools session in front of every request (~4 ms and
// a share of the CPU each on 2 cores), which is not what production runs; this runs the deploy
// bundle (`wrangler deploy --dry-run`) with the bindings wrangler.toml declares, and nothing else.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from "wrangler";
import { request, root, wranglerBin } from "./lib.mjs";

// The Miniflare that wrangler itself drives (its own dependency), so options and runtime match.
const fromWrangler = createRequire(createRequire(import.meta.url).resolve("wrangler"));
const { convertV4MiniflareOptions, Miniflare } = await import(pathToFileURL(fromWrangler.resolve("miniflare")).href);

export const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

/** The Worker exactly as `wrangler deploy` would upload it. */
export function buildDeployBundle() {
  const outdir = mkdtempSync(path.join(tmpdir(), "cxmpute-bench-bundle-"));
  execFileSync(wranglerBin, ["deploy", "--dry-run", "--outdir", outdir], { cwd: root, stdio: "ignore", env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" } });
  return outdir;
}

/**
 * The gateway's Miniflare options from wrangler.toml. `suffix` gives a copy its own queue, D1
 * database and Durable Objects, so two gateways in one workerd do not share state; `consumer`
 * keeps the usage queue consumer in this workerd (as `wrangler dev` does) or leaves it out.
 */
export function gatewayWorker({ bundle, name, host, suffix = "", consumer = false, vars = {} }) {
  // wrangler.toml declares ADMIN_TOKEN a required secret; wrangler looks for it in process.env.
  const prev = process.env.ADMIN_TOKEN;
  process.env.ADMIN_TOKEN = ADMIN_TOKEN;
  const { workerOptions: w } = unstable_getMiniflareWorkerOptions(path.join(root, "wrangler.toml"));
  if (prev === undefined) delete process.env.ADMIN_TOKEN;
  else process.env.ADMIN_TOKEN = prev;
  const q = (n) => `${n}${suffix}`;
  const queueProducers = Object.fromEntries(Object.entries(w.queueProducers ?? {}).map(([b, p]) => [b, { ...p, queueName: q(p.queueName) }]));
  const queueConsumers = consumer
    ? Object.fromEntries(Object.entries(w.queueConsumers ?? {}).map(([n, c]) => [q(n), { ...c, deadLetterQueue: c.deadLetterQueue && q(c.deadLetterQueue) }]))
    : undefined;
  return {
    ...w,
    name,
    routes: [`${host}/*`],
    modules: [{ type: "ESModule", path: path.join(bundle, "index.js") }],
    modulesRoot: bundle,
    bindings: { ...w.bindings, ADMIN_TOKEN, ...vars },
    d1Databases: Object.fromEntries(Object.entries(w.d1Databases ?? {}).map(([b, d]) => [b, { ...d, id: `${d.id}${suffix}` }])),
    queueProducers,
    queueConsumers,
  };
}

/** Starts one workerd with `workers` (each with `routes: ["<host>/*"]`) and applies D1 migrations. */
export async function startWorkerd(workers) {
  const mf = new Miniflare(convertV4MiniflareOptions({ workers, host: "127.0.0.1", port: 0 }));
  const url = (await mf.ready).href.replace(/\/$/, "");
  const dir = path.join(root, "d1-migrations");
  const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  for (const w of workers) {
    if (!w.d1Databases?.DB) continue;
    const db = await mf.getD1Database("DB", w.name);
    for (const f of files) {
      const statements = unstable_splitSqlQuery(readFileSync(path.join(dir, f), "utf8"));
      await db.batch(statements.map((s) => db.prepare(s)));
    }
  }
  return { url, stop: () => mf.dispose() };
}

/** JSON call to the Worker behind `host`; throws on a status of 300 or more. */
export async function call(url, host, p, { method = "GET", token, body, headers = {} } = {}) {
  const h = { host, ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) };
  const res = await request(url + p, { method, headers: h, body: body === undefined ? null : JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${p} → ${res.status} ${res.text.slice(0, 300)}`);
  return res.text ? JSON.parse(res.text) : null;
}
