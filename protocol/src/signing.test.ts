import { describe, expect, it } from "vitest";
import { ReplayCache, signRequest, verifyRequest } from "./signing";

const secret = "node-secret-0123456789";
const body = JSON.stringify({ model: "m", messages: [] });
const headersOf = (h: Record<string, string>) => ({ get: (k: string) => h[k.toLowerCase()] ?? null });

describe("orchestrator → node signatures", () => {
  it("accepts a correctly signed request once", async () => {
    const replay = new ReplayCache();
    const h = await signRequest({ secret, method: "POST", path: "/v1/chat/completions", body });
    const input = { secret, method: "POST", path: "/v1/chat/completions", body, headers: headersOf(h), replay };
    expect(await verifyRequest(input)).toEqual({ ok: true });
    expect(await verifyRequest(input)).toEqual({ ok: false, reason: "replayed" });
  });

  it("refuses unsigned, stale, tampered and wrongly keyed requests", async () => {
    const replay = new ReplayCache();
    const h = await signRequest({ secret, method: "POST", path: "/v1/chat/completions", body });
    const base = { secret, method: "POST", path: "/v1/chat/completions", body, replay };
    expect(await verifyRequest({ ...base, headers: headersOf({}) })).toEqual({ ok: false, reason: "missing" });
    expect(await verifyRequest({ ...base, headers: headersOf(h), now: Math.floor(Date.now() / 1000) + 301 })).toEqual({ ok: false, reason: "stale" });
    expect(await verifyRequest({ ...base, body: body.replace("m", "n"), headers: headersOf(h) })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyRequest({ ...base, path: "/v1/embeddings", headers: headersOf(h) })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyRequest({ ...base, method: "GET", headers: headersOf(h) })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyRequest({ ...base, secret: "other", headers: headersOf(h) })).toEqual({ ok: false, reason: "invalid" });
    const old = await signRequest({ secret, method: "POST", path: "/v1/chat/completions", body, timestamp: Math.floor(Date.now() / 1000) - 400 });
    expect(await verifyRequest({ ...base, headers: headersOf(old) })).toEqual({ ok: false, reason: "stale" });
    // The untampered original still verifies: failures above did not burn its nonce.
    expect(await verifyRequest({ ...base, headers: headersOf(h) })).toEqual({ ok: true });
  });
});
