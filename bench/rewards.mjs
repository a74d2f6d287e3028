// Usage events credited per second through the real consumer into local D1, 3-level chains on
// both sides (up to 8 ledger rows per event). Prints a table and a final JSON line.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root, startWrangler, table, wranglerBin } from "./lib.mjs";

const config = path.join(root, "bench/fixtures/rewards.wrangler.toml");
const w = await startWrangler({ args: ["--config", config], migrate: false, vars: {} }).catch(async (e) => {
  throw e;
});
void spawnSync;
void wranglerBin;
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
  console.log(table([["events", "batch", "ms", "events/s", "ledger rows"], ...runs.map((r) => [r.events, r.batch, r.ms, r.eventsPerSec.toFixed(0), r.rows])]));
  const met = best.eventsPerSec >= 5000;
  console.log(`${met ? "met   " : "MISSED"}  >= 5,000 events/s (best ${best.eventsPerSec.toFixed(0)})`);
  console.log(JSON.stringify({ bench: "rewards", runs, bestEventsPerSec: best.eventsPerSec, targets: { ">= 5000 events/s": met } }));
} finally {
  await w.stop();
}
