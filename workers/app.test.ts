import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, call, expectOpenAIError, json, signupProvider, signupUser } from "./test-support";

describe("errors are OpenAI-shaped with the right status", () => {
  it("malformed JSON is a 400", async () => {
    const res = await call("/api/users", { rawBody: "{not json", headers: { "content-type": "application/json" } });
    const err = await expectOpenAIError(res, 400);
    expect(err.type).toBe("invalid_request_error");
  });

  it("oversized bodies are a 413", async () => {
    const { userId, apiKey } = await signupUser();
    const res = await call(`/api/user/${userId}/keys`, { rawBody: JSON.stringify({ name: "x".repeat(2_000_000) }), headers: { "content-type": "application/json" }, token: apiKey });
    expect((await expectOpenAIError(res, 413)).code).toBe("request_too_large");
  });

  it("unknown routes are a 404 and wrong methods a 405 with Allow", async () => {
    expect((await expectOpenAIError(await call("/api/nothing-here"), 404)).code).toBe("unknown_route");
    const res = await call("/api/users", { method: "PUT", body: {} });
    await expectOpenAIError(res, 405);
    expect(res.headers.get("allow")).toContain("POST");
  });

  it("every response carries a request id, and a safe incoming one is kept", async () => {
    const res = await call("/health", { headers: { "x-request-id": "trace-12345678" } });
    expect(res.headers.get("x-request-id")).toBe("trace-12345678");
    const injected = await call("/health", { headers: { "x-request-id": "bad id <script>" } });
    expect(injected.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it("CORS preflight is answered for the API", async () => {
    const res = await call("/v1/models", { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("answers, errors included, carry CORS headers a browser client can read", async () => {
    for (const res of [await call("/v1/models"), await call("/api/admin/registry"), await call("/v1/nope", { token: "cxk_x" })]) {
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
      await res.body?.cancel();
    }
  });
});

describe("meta routes", () => {
  it("GET /health", async () => {
    const res = await call("/health");
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: "ok" });
  });

  it("GET /openapi.json is generated from the schemas", async () => {
    const spec = await json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(await call("/openapi.json"));
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/users", "/api/providers", "/api/user/{userId}/keys", "/api/user/{userId}/keys/{keyId}"]));
    expect(spec.paths["/api/users"]).toHaveProperty("post");
  });

  it("GET /docs renders the reference page", async () => {
    const res = await call("/docs");
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("/openapi.json");
  });
});

describe("admin auth and suspension", () => {
  it("refuses missing and wrong admin tokens", async () => {
    const { userId } = await signupUser();
    await expectOpenAIError(await call(`/api/admin/accounts/${userId}/suspend`, { method: "POST" }), 401);
    await expectOpenAIError(await call(`/api/admin/accounts/${userId}/suspend`, { method: "POST", token: "x".repeat(33) }), 403);
    const { apiKey } = await signupUser();
    await expectOpenAIError(await call(`/api/admin/accounts/${userId}/suspend`, { method: "POST", token: apiKey }), 403);
  });

  it("a suspended user is refused at once, and readmitted when lifted", async () => {
    const { userId, apiKey } = await signupUser();
    const res = await call(`/api/admin/accounts/${userId}/suspend`, { method: "POST", token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ accountId: userId, suspended: true });
    expect((await expectOpenAIError(await call(`/api/user/${userId}/keys`, { token: apiKey }), 403)).code).toBe("account_suspended");
    await call(`/api/admin/accounts/${userId}/unsuspend`, { method: "POST", token: ADMIN_TOKEN });
    expect((await call(`/api/user/${userId}/keys`, { token: apiKey })).status).toBe(200);
  });

  it("admin can suspend providers; unknown accounts are 404, bad ids 400", async () => {
    const { providerId } = await signupProvider();
    expect((await call(`/api/admin/accounts/${providerId}/suspend`, { method: "POST", token: ADMIN_TOKEN })).status).toBe(200);
    await expectOpenAIError(await call(`/api/admin/accounts/usr_AAAAAAAAAAAAAAAAAAAA/suspend`, { method: "POST", token: ADMIN_TOKEN }), 404);
    await expectOpenAIError(await call(`/api/admin/accounts/nobody/suspend`, { method: "POST", token: ADMIN_TOKEN }), 400);
  });

  it("the admin token also opens owner routes", async () => {
    const { userId } = await signupUser();
    expect((await call(`/api/user/${userId}/keys`, { token: ADMIN_TOKEN })).status).toBe(200);
  });
});
