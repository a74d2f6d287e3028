import { z } from "zod";
import type { NodeAnnounce } from "@cxmpute/protocol";

/**
 * Seeds the orchestrator through its public API only, the way real users and providers would:
 * signups, a node announced at a loopback fake node, and real /v1 traffic that the queue
 * consumer turns into ledger points.
 */
export interface Seeder {
  call(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; json: unknown }>;
  get<T extends z.ZodType>(schema: T, path: string, token: string): Promise<z.infer<T>>;
}

export function seeder(baseUrl: string): Seeder {
  async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }
  async function get<T extends z.ZodType>(schema: T, path: string, token: string): Promise<z.infer<T>> {
    const r = await call("GET", path, { token });
    if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
    return schema.parse(r.json);
  }
  return { call, get };
}

const UserCreated = z.object({ userId: z.string(), apiKey: z.string() });
const ProviderCreated = z.object({ providerId: z.string(), providerSecret: z.string() });
const Announced = z.object({ nodeId: z.string(), nodeSecret: z.string() });

async function expectStatus<T extends z.ZodType>(p: Promise<{ status: number; json: unknown }>, status: number, schema: T, what: string): Promise<z.infer<T>> {
  const r = await p;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.json)}`);
  return schema.parse(r.json);
}

export const createUser = (s: Seeder, referralCode?: string) =>
  expectStatus(s.call("POST", "/api/users", { body: referralCode ? { referralCode } : {} }), 201, UserCreated, "create user");

export const createProvider = (s: Seeder, referralCode?: string) =>
  expectStatus(s.call("POST", "/api/providers", { body: referralCode ? { referralCode } : {} }), 201, ProviderCreated, "create provider");

/** Announces a node served by test/fixtures/fake-node and heartbeats once so it is active. */
export async function announceFakeNode(s: Seeder, fakeNodesUrl: string, provider: { providerId: string; providerSecret: string }, name: string, model: string) {
  const announce: NodeAnnounce = {
    publicUrl: `${fakeNodesUrl}/n/${name}`,
    hardware: { os: "linux", arch: "x64", cpuModel: "test", cpuCores: 8, ramGb: 32, diskFreeGb: 100, gpus: [], vramGb: 6 },
    tier: "blue-surge",
    services: ["chat"],
    models: [model],
    capacity: 4,
    version: "dashboard-test",
  };
  const base = `/api/providers/${provider.providerId}/nodes`;
  const node = await expectStatus(s.call("POST", base, { token: provider.providerSecret, body: announce }), 201, Announced, "announce");
  const configured = await fetch(`${fakeNodesUrl}/__node/${name}`, { method: "POST", body: JSON.stringify({ secret: node.nodeSecret }) });
  await configured.body?.cancel();
  const beat = { inFlight: 0, capacity: 4, load: 0, models: [model], health: "ok" as const };
  await expectStatus(s.call("POST", `${base}/${node.nodeId}/heartbeat`, { token: provider.providerSecret, body: beat }), 200, z.unknown(), "heartbeat");
  return node;
}

export async function chat(s: Seeder, apiKey: string, model: string, content: string): Promise<void> {
  await expectStatus(
    s.call("POST", "/v1/chat/completions", { token: apiKey, body: { model, messages: [{ role: "user", content }] } }),
    200,
    z.object({ choices: z.array(z.unknown()).min(1) }),
    "chat completion",
  );
}

/** Polls until `check` holds: credits land through the usage queue, a second or so later. */
export async function eventually<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}
