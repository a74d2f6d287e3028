import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TunnelSupervisor } from "./supervisor.js";

const STUB = resolve(import.meta.dirname, "../../../test/fixtures/cloudflared-stub/cloudflared.mjs");
const running: TunnelSupervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
  delete process.env.CLOUDFLARED_STUB_CRASH_ONCE;
  delete process.env.CLOUDFLARED_STUB_FAIL;
});

describe("TunnelSupervisor with the cloudflared stub", () => {
  it("starts a quick tunnel and returns its trycloudflare URL", async () => {
    const t = new TunnelSupervisor(STUB, { kind: "quick", localUrl: "http://127.0.0.1:9" });
    running.push(t);
    expect(await t.start()).toMatch(/^https:\/\/[a-z0-9-]+\.trycloudflare\.com$/);
  });

  it("restarts a crashed tunnel and reports the new URL", async () => {
    process.env.CLOUDFLARED_STUB_CRASH_ONCE = join(mkdtempSync(join(tmpdir(), "cf-")), "crashed");
    const t = new TunnelSupervisor(STUB, { kind: "quick", localUrl: "http://127.0.0.1:9" });
    running.push(t);
    const first = await t.start();
    const second = await new Promise<string>((r) => t.once("url", r));
    expect(second).toMatch(/trycloudflare\.com$/);
    expect(second).not.toBe(first);
  });

  it("a named tunnel resolves once connected", async () => {
    const t = new TunnelSupervisor(STUB, { kind: "named", token: "eyJhIjoiYiJ9" });
    running.push(t);
    await expect(t.start()).resolves.toBeUndefined();
  });

  it("a bad token fails with a fix", async () => {
    const t = new TunnelSupervisor(STUB, { kind: "named", token: "invalid" });
    running.push(t);
    await expect(t.start()).rejects.toThrow(/exited \(code 1\) before the tunnel was up/);
  });
});
