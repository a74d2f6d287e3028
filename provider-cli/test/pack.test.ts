import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const PKG_DIR = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(PKG_DIR, "package.json"), "utf8")) as { version: string };

describe("npm package", () => {
  it("npm pack produces a tarball whose bin runs with npx (dependencies from the local cache)", () => {
    const dest = mkdtempSync(join(tmpdir(), "cxmpute-pack-"));
    const pack = spawnSync("npm", ["pack", "--silent", "--pack-destination", dest], { cwd: PKG_DIR, encoding: "utf8", timeout: 60_000 });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(dest).find((f) => f.endsWith(".tgz"));
    expect(tarball).toBe(`cxmpute-provider-${pkg.version}.tgz`);
    const run = (args: string[]) =>
      spawnSync("npx", ["--yes", `./${tarball ?? ""}`, ...args], {
        cwd: dest,
        encoding: "utf8",
        timeout: 90_000,
        env: { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
      });
    const version = run(["--version"]);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = run(["status", "--help"]);
    expect(help.stdout).toContain("--json");
  }, 120_000);
});
