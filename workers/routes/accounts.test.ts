import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { call, expectOpenAIError, freshIp, json, signupProvider, signupUser } from "../test-support";

describe("POST /api/users", () => {
  it("creates a user with a working first API key", async () => {
    const { userId, apiKey } = await signupUser();
    expect(userId).toMatch(/^usr_[0-9A-Za-z]{20}$/);
    expect(apiKey).toMatch(/^cxk_[0-9A-Za-z]{38}$/);
    const res = await call(`/api/user/${userId}/keys`, { token: apiKey });
    expect(res.status).toBe(200);
    const { data } = await json<{ data: { name: string; revokedAt: string | null }[] }>(res);
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ name: "default", revokedAt: null });
  });

  it("accepts an empty body and no content-type", async () => {
    const res = await call("/api/users", { method: "POST", headers: { "cf-connecting-ip": freshIp() } });
    expect(res.status).toBe(201);
  });

  it("records a valid referral code of the same kind", async () => {
    const referrer = await signupUser();
    const { userId } = await signupUser(referrer.userId);
    const row = await env.DB.prepare("SELECT referrer_id FROM users WHERE id = ?").bind(userId).first<{ referrer_id: string }>();
    expect(row?.referrer_id).toBe(referrer.userId);
  });

  it("refuses unknown, malformed and cross-type referral codes", async () => {
    const provider = await signupProvider();
    const unknown = await call("/api/users", { body: { referralCode: "usr_AAAAAAAAAAAAAAAAAAAA" }, headers: { "cf-connecting-ip": freshIp() } });
    expect((await expectOpenAIError(unknown, 404)).param).toBe("referralCode");
    const malformed = await call("/api/users", { body: { referralCode: "hello" }, headers: { "cf-connecting-ip": freshIp() } });
    expect((await expectOpenAIError(malformed, 400)).code).toBe("invalid_referral_code");
    const cross = await call("/api/users", { body: { referralCode: provider.providerId }, headers: { "cf-connecting-ip": freshIp() } });
    expect((await expectOpenAIError(cross, 400)).code).toBe("referral_wrong_type");
  });

  it("refuses unknown fields and wrong types with a 400 naming the field", async () => {
    const wrongType = await call("/api/users", { body: { referralCode: 42 }, headers: { "cf-connecting-ip": freshIp() } });
    expect((await expectOpenAIError(wrongType, 400)).param).toBe("referralCode");
    const extra = await call("/api/users", { body: { admin: true }, headers: { "cf-connecting-ip": freshIp() } });
    await expectOpenAIError(extra, 400);
    const notObject = await call("/api/users", { rawBody: "[1,2]", headers: { "content-type": "application/json", "cf-connecting-ip": freshIp() } });
    await expectOpenAIError(notObject, 400);
  });

  it("throttles signups per client address", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await call("/api/users", { body: {}, headers: { "cf-connecting-ip": ip } })).status);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(20);
    const last = await call("/api/users", { body: {}, headers: { "cf-connecting-ip": ip } });
    const err = await expectOpenAIError(last, 429);
    expect(err.type).toBe("rate_limit_error");
    expect(last.headers.get("retry-after")).toBe("60");
  });
});

describe("POST /api/providers", () => {
  it("registers a provider and returns its secret once", async () => {
    const { providerId, providerSecret } = await signupProvider();
    expect(providerId).toMatch(/^prov_[0-9A-Za-z]{20}$/);
    expect(providerSecret).toMatch(/^cxps_[0-9A-Za-z]{46}$/);
  });

  it("records a provider referral and refuses a user id as code", async () => {
    const referrer = await signupProvider();
    const { providerId } = await signupProvider(referrer.providerId);
    const row = await env.DB.prepare("SELECT referrer_id FROM providers WHERE id = ?").bind(providerId).first<{ referrer_id: string }>();
    expect(row?.referrer_id).toBe(referrer.providerId);
    const user = await signupUser();
    const res = await call("/api/providers", { body: { referralCode: user.userId }, headers: { "cf-connecting-ip": freshIp() } });
    await expectOpenAIError(res, 400);
  });
});
