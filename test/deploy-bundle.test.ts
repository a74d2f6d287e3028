import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const outdir = mkdtempSync(path.join(tmpdir(), "cxmpute-bundle-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// Workers limits: 3 MB (free) / 10 MB (paid) after gzip. We hold ourselves to the free limit.
const FREE_LIMIT_GZIP = 3 * 1024 * 1024;

describe("wrangler deploy --dry-run", () => {
  it("builds the Worker bundle within the Workers size limit", { timeout: 120_000 }, () => {
    execFileSync(path.join(root, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
      cwd: root,
      stdio: "pipe",
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    });
    const files = readdirSync(outdir).filter((f) => f.endsWith(".js"));
    expect(files.length).toBeGreaterThan(0);
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const bytes = readFileSync(path.join(outdir, f));
      raw += statSync(path.join(outdir, f)).size;
      gzip += gzipSync(bytes).length;
    }
    console.log(`Worker bundle: ${(raw / 1024).toFixed(1)} KiB raw, ${(gzip / 1024).toFixed(1)} KiB gzip (limit ${FREE_LIMIT_GZIP / 1024} KiB)`);
    expect(gzip).toBeLessThan(FREE_LIMIT_GZIP);
  });
});
