// Usage events credited per second through the real consumer into local D1, 3-level chains on
// both sides (8 ledger rows per event). Five runs at batch 100 (the queue's max_batch_size) give
// best and median; batches of 25 and 250 show how the per-batch D1 round trip weighs.
// Prints a table and a final JSON line.
import { startWrangler, table } from "./lib.mjs";

const w = await startWrangler({ config: "bench/fixtures/rewards.wrangler.toml" });
try {
  const j = async (p) => {
    const r = await fetch(w.url + p);
    if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  await j("/setup?chains=50");
  await j("/run?events=500&batch=100&run=warm");
  const main = [];
  for (let i = 0; i < 5; i++) main.push(await j(`/run?events=5000&batch=100&run=m${i}`));
  const side = [await j("/run?events=2500&batch=25&run=s25"), await j("/run?events=5000&batch=250&run=s250")];
  const sorted = main.map((r) => r.eventsPerSec).sort((a, b) => a - b);
  const best = sorted[sorted.length - 1];
  const median = sorted[2];
  const rowsOk = [...main, ...side].every((r) => r.rows === r.events * 8);
  console.log(table([["events", "batch", "ms", "events/s", "ledger rows"], ...[...main, ...side].map((r) => [r.events, r.batch, r.ms, r.eventsPerSec.toFixed(0), r.rows])]));
  const met = median >= 5000;
  console.log(`${met ? "met   " : "MISSED"}  >= 5,000 events/s at batch 100 (median ${median.toFixed(0)}, best ${best.toFixed(0)}; ${rowsOk ? "8 ledger rows per event as expected" : "LEDGER ROW COUNT WRONG"})`);
  // Measured: with a per-account ledger index each batch dirtied one index page per credited account
  // and the figure decayed from ~8k to ~4k events/s as the ledger grew; without it (stats read account_daily) it holds ~13k.
  if (!met) console.log("limit: one SQLite writer per D1 database and one commit per batch; every row is an idempotency-index probe + insert + two trigger upserts (totals, daily), and the 2-core machine is shared");
  console.log(JSON.stringify({ bench: "rewards", runs: main, batchVariants: side, bestEventsPerSec: best, medianEventsPerSec: median, rowsOk, targets: { ">= 5000 events/s (median, batch 100)": met } }));
} finally {
  await w.stop();
}
