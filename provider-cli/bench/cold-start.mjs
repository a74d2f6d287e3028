#!/usr/bin/env node
// Prints the CLI's `--help` cold start and its hardware detection time (median of N runs).
// Usage: node provider-cli/bench/cold-start.mjs [runs=15]   (builds dist/ first if missing)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
if (!existsSync(cli)) execFileSync(process.execPath, [join(root, "build.mjs")], { stdio: "inherit" });
const runs = Math.max(1, Number(process.argv[2] ?? 15));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const help = [];
const detect = [];
const hardwareTotal = [];
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  const h = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
  help.push(performance.now() - t);
  if (h.status !== 0) throw new Error(`--help failed: ${h.stderr}`);
  t = performance.now();
  const hw = spawnSync(process.execPath, [cli, "hardware"], { encoding: "utf8" });
  hardwareTotal.push(performance.now() - t);
  const m = hw.stdout.match(/detected in (\d+) ms/);
  if (!m) throw new Error(`hardware output without timing: ${hw.stdout}${hw.stderr}`);
  detect.push(Number(m[1]));
}
const fmt = (n) => n.toFixed(1);
console.log(`node ${process.version}, ${runs} runs each (median)`);
console.log(`cli --help cold start: ${fmt(median(help))} ms (min ${fmt(Math.min(...help))}, max ${fmt(Math.max(...help))}; target ≤ 300 ms)`);
console.log(`hardware detection: ${fmt(median(detect))} ms in-process (target ≤ 2000 ms); whole \`hardware\` command ${fmt(median(hardwareTotal))} ms`);
console.log(JSON.stringify({ bench: "provider-cli-cold-start", node: process.version, runs, helpColdStartMs: median(help), hardwareDetectionMs: median(detect), hardwareCommandMs: median(hardwareTotal) }));
