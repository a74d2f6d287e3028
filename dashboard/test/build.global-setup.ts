import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "vite";

const DIR = resolve(import.meta.dirname, "..");

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The browser suite tests what wrangler serves: rebuild dist/ when the sources are newer. */
export default async function setup(): Promise<void> {
  const built = join(DIR, "dist/index.html");
  const sources = Math.max(newest(join(DIR, "src")), statSync(join(DIR, "index.html")).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  await build({ configFile: join(DIR, "vite.config.ts"), logLevel: "warn" });
}
