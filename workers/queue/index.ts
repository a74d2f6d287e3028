import { UsageEvent } from "../usage/usage-event";
import { loadChains } from "../rewards/chains";
import { eventCredits } from "../rewards/credit";
import { insertStatements, type LedgerRow } from "../rewards/ledger";

/** Events older than this are refused: their ledger rows may already be rolled up, so a credit could double. */
export const MAX_EVENT_AGE_MS = 29 * 24 * 3600 * 1000;

/**
 * No single request bills more tokens than this (context windows are far smaller). A larger figure
 * is a bug upstream, and its amounts could overflow SQLite's 64-bit sums: the write would fail the
 * whole batch on every retry and drag good events into the dead-letter queue with it.
 */
export const MAX_TOKENS_PER_EVENT = 10_000_000;

function refusal(e: UsageEvent, now: number): string | null {
  if (now - e.at > MAX_EVENT_AGE_MS) return "too old";
  if (e.promptTokens + e.completionTokens > MAX_TOKENS_PER_EVENT) return "implausible token count";
  return null;
}

/**
 * Usage queue consumer: one D1 batch per message batch, every row INSERT OR IGNORE on
 * (request_id, account, kind). At-least-once delivery becomes exactly-once credit; a crash between
 * the write and the acks only causes a harmless redelivery.
 */
export async function handleUsageBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const good: { msg: Message<unknown>; event: UsageEvent }[] = [];
  const now = Date.now();
  for (const msg of batch.messages) {
    const parsed = UsageEvent.safeParse(msg.body);
    const reason = parsed.success ? refusal(parsed.data, now) : (parsed.error.issues[0]?.message ?? "invalid");
    if (!parsed.success || reason) {
      // Poison: retrying cannot fix it. Park it in the dead-letter queue for a human, then ack.
      try {
        await env.USAGE_DLQ.send({ reason, body: msg.body });
        msg.ack();
      } catch {
        msg.retry();
      }
      continue;
    }
    good.push({ msg, event: parsed.data });
  }
  if (good.length === 0) return;
  try {
    const [providerChains, userChains] = await Promise.all([
      loadChains(env.DB, "providers", good.map((g) => g.event.providerId)),
      loadChains(env.DB, "users", good.map((g) => g.event.userId)),
    ]);
    const rows: LedgerRow[] = good.flatMap((g) => eventCredits(g.event, providerChains, userChains));
    await env.DB.batch(insertStatements(env.DB, rows));
    for (const g of good) g.msg.ack();
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "usage batch not credited; will retry", count: good.length, error: String(err) }));
    for (const g of good) g.msg.retry();
  }
}
