import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** The CLI is tested as a real process: build dist/ once before the suite. */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, "..", "build.mjs")], { stdio: "inherit", timeout: 60_000 });
}
