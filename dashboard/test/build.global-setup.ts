import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const DASHBOARD = resolve(import.meta.dirname, "..");

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The browser tests need dist/ from the current sources; `npm test` builds first, a lone vitest run may not have. */
export default function setup(): void {
  const built = join(DASHBOARD, "dist/index.html");
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(newest(join(DASHBOARD, "src")), statSync(join(DASHBOARD, "index.html")).mtimeMs)) return;
  execFileSync(resolve(DASHBOARD, "../node_modules/.bin/vite"), ["build", "--logLevel", "warn"], { cwd: DASHBOARD, stdio: "inherit" });
}
