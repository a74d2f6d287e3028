import { UsageEvent } from "../usage/usage-event";
import { loadChains } from "../rewards/chains";
import { eventCredits } from "../rewards/credit";
import { insertStatements, type LedgerRow } from "../rewards/ledger";

/** Events older than this are refused: their ledger rows may already be rolled up, so a credit could double. */
export const MAX_EVENT_AGE_MS = 29 * 24 * 3600 * 1000;

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
    if (!parsed.success || now - parsed.data.at > MAX_EVENT_AGE_MS) {
      // Poison: retrying cannot fix it. Park it in the dead-letter queue for a human, then ack.
      try {
        await env.USAGE_DLQ.send({ reason: parsed.success ? "too old" : parsed.error.issues[0]?.message ?? "invalid", body: msg.body });
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
