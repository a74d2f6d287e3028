// Shared pieces of the benchmark scripts: processes, ports, an instant upstream, a load loop.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const wranglerBin = path.join(root, "node_modules/.bin/wrangler");

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor(url, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      await r.body?.cancel();
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${url}`);
}

/** `wrangler dev` for a config (or a script) on a loopback port, with its own state dir. */
export async function startWrangler({ config, vars = {}, adminToken = "bench-admin-token-0123456789abcdef", migrate = true }) {
  const configArgs = config ? ["--config", config] : [];
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "cxmpute-bench-"));
  const envFile = path.join(dir, ".env");
  writeFileSync(envFile, `ADMIN_TOKEN=${adminToken}\n`);
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };
  if (migrate) {
    await run(wranglerBin, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir, ...configArgs], env);
  }
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn(wranglerBin, ["dev", ...configArgs, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", dir, "--env-file", envFile, "--show-interactive-dev-session=false", ...varArgs], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(url + "/health", 90_000);
  } catch (e) {
    try { process.kill(-child.pid, "SIGKILL"); } catch {}
    throw new Error(`wrangler dev did not start: ${e}\n${log.slice(-2000)}`);
  }
  return {
    url,
    adminToken,
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        try { process.kill(-child.pid, "SIGTERM"); } catch { resolve(); }
        setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch {} resolve(); }, 5000).unref();
      }),
  };
}

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    c.stdout.on("data", (d) => (out += d));
    c.stderr.on("data", (d) => (out += d));
    c.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} failed:\n${out.slice(-2000)}`))));
  });
}

/** An upstream that answers instantly: OpenAI chat JSON, or a short SSE stream when asked. */
export async function startInstantNode() {
  const completion = JSON.stringify({ id: "x", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      if (body.includes('"stream":true')) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "pong" } }] })}\n\n`);
        res.end("data: [DONE]\n\n");
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(completion) });
      res.end(completion);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One HTTP/1.1 request over a keep-alive agent, timed. Node's http rather than fetch: several
 * Workers share one workerd and are told apart by the Host header, which fetch cannot set.
 */
export function request(url, { method = "GET", headers = {}, body = null } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const data = body === null ? null : Buffer.from(body);
    const started = performance.now();
    let firstByte = 0;
    const h = data ? { "content-length": data.length, ...headers } : headers;
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: h }, (res) => {
      const chunks = [];
      res.on("data", (c) => {
        firstByte ||= performance.now();
        chunks.push(c);
      });
      res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString(), ms: performance.now() - started, ttfb: (firstByte || performance.now()) - started }));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(data);
  });
}

export function post(url, body, headers = {}) {
  return request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

/** Closed-loop load: `concurrency` workers for `seconds`, bounded. Returns req/s and latency percentiles. */
export async function load({ url, body, headers, concurrency = 16, seconds = 8, pickHeaders }) {
  const lat = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  let i = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        try {
          const r = await post(url, body, pickHeaders ? pickHeaders(i++) : headers);
          if (r.status !== 200) errors++;
          else lat.push(r.ms);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  // `lat` (sorted) and `elapsed` let a caller merge several rounds.
  return { rps: lat.length / elapsed, p50: q(0.5), p99: q(0.99), ok: lat.length, errors, lat, elapsed };
}

export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((v, c) => String(v).padEnd(widths[c])).join("  ")).join("\n");
}
