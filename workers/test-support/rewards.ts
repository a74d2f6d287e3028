import { createExecutionContext, createMessageBatch, getQueueResult, type QueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Service, TierId } from "@cxmpute/protocol";
import worker from "../index";
import type { UsageEvent } from "../usage/usage-event";

let seq = 0;

export function usageEvent(over: Partial<UsageEvent> & { userId: string; providerId: string }): UsageEvent {
  seq++;
  return {
    v: 1,
    requestId: `req_test_${seq}_${Math.floor(Math.random() * 1e9)}`,
    apiKeyId: "key_test",
    nodeId: "node_2_test",
    service: "chat" as Service,
    model: "llama3:8b",
    tier: "blue-surge" as TierId,
    promptTokens: 400,
    completionTokens: 600,
    claimedTokens: 1000,
    countedTokens: 1000,
    flagged: false,
    latencyMs: 5000,
    streamed: false,
    at: Date.now(),
    ...over,
  };
}

/** Runs the real queue consumer on a batch of message bodies and returns the ack/retry outcome. */
export async function deliver(bodies: unknown[]): Promise<QueueResult> {
  const batch = createMessageBatch<unknown>(
    "cxmpute-usage",
    bodies.map((body, i) => ({ id: `msg-${++seq}-${i}`, timestamp: Date.now(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<UsageEvent>, env, ctx);
  return getQueueResult(batch, ctx);
}

/** Inserts a chain of accounts directly (fast, for large networks): returns ids, root first. */
export async function insertAccounts(kind: "user" | "provider", specs: { id: string; referrer: string | null }[]): Promise<void> {
  const table = kind === "user" ? "users" : "providers";
  const cols = kind === "user" ? "(id, referrer_id, created_at)" : "(id, referrer_id, created_at, secret_hash)";
  const stmts = specs.map((s) =>
    kind === "user"
      ? env.DB.prepare(`INSERT INTO ${table} ${cols} VALUES (?1, ?2, ?3)`).bind(s.id, s.referrer, Date.now())
      : env.DB.prepare(`INSERT INTO ${table} ${cols} VALUES (?1, ?2, ?3, 'x')`).bind(s.id, s.referrer, Date.now()),
  );
  for (let i = 0; i < stmts.length; i += 50) await env.DB.batch(stmts.slice(i, i + 50));
}

let idc = 0;
export function accountId(kind: "user" | "provider"): string {
  const body = `T${(++idc).toString(36)}${Math.random().toString(36).slice(2)}`.replace(/[^0-9A-Za-z]/g, "").padEnd(20, "0").slice(0, 20);
  return `${kind === "user" ? "usr" : "prov"}_${body}`;
}

export async function totalsOf(accountId: string): Promise<Record<string, string>> {
  const rows = await env.DB.prepare(`SELECT kind, CAST(amount AS TEXT) AS amount FROM account_totals WHERE account_id = ?1`).bind(accountId).all<{ kind: string; amount: string }>();
  return Object.fromEntries(rows.results.map((r) => [r.kind, r.amount]));
}
