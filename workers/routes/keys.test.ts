import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { call, expectOpenAIError, json, signupUser } from "../test-support";

interface Key {
  id: string;
  name: string;
  hint: string;
  key?: string;
  revokedAt: string | null;
}

describe("API keys", () => {
  it("creates named keys, shows the key once, lists without it", async () => {
    const { userId, apiKey } = await signupUser();
    const created = await call(`/api/user/${userId}/keys`, { body: { name: "ci runner" }, token: apiKey });
    expect(created.status).toBe(201);
    const key = await json<Key>(created);
    expect(key.name).toBe("ci runner");
    expect(key.key).toMatch(/^cxk_/);
    expect(key.hint.endsWith((key.key ?? "").slice(-4))).toBe(true);

    const list = await json<{ data: Key[] }>(await call(`/api/user/${userId}/keys`, { token: apiKey }));
    expect(list.data.map((k) => k.name).sort()).toEqual(["ci runner", "default"]);
    expect(JSON.stringify(list)).not.toContain(key.key);
    // The new key authenticates the owner routes too.
    expect((await call(`/api/user/${userId}/keys`, { token: key.key })).status).toBe(200);
  });

  it("revocation takes effect at once and is idempotent", async () => {
    const { userId, apiKey } = await signupUser();
    const key = await json<Key>(await call(`/api/user/${userId}/keys`, { body: { name: "temp" }, token: apiKey }));
    expect((await call(`/api/user/${userId}/keys`, { token: key.key })).status).toBe(200);

    const revoked = await call(`/api/user/${userId}/keys/${key.id}`, { method: "DELETE", token: apiKey });
    expect(revoked.status).toBe(200);
    expect((await json<Key>(revoked)).revokedAt).not.toBeNull();

    const refused = await call(`/api/user/${userId}/keys`, { token: key.key });
    expect((await expectOpenAIError(refused, 401)).code).toBe("invalid_api_key");
    // Other keys keep working; revoking twice is not an error.
    expect((await call(`/api/user/${userId}/keys`, { token: apiKey })).status).toBe(200);
    expect((await call(`/api/user/${userId}/keys/${key.id}`, { method: "DELETE", token: apiKey })).status).toBe(200);
  });

  it("refuses another user's key, unknown keys and bad names", async () => {
    const alice = await signupUser();
    const bob = await signupUser();
    const res = await call(`/api/user/${alice.userId}/keys`, { token: bob.apiKey });
    expect((await expectOpenAIError(res, 403)).code).toBe("not_owner");
    const bobsKeyId = (await json<{ data: Key[] }>(await call(`/api/user/${bob.userId}/keys`, { token: bob.apiKey }))).data[0]?.id ?? "";
    const del = await call(`/api/user/${alice.userId}/keys/${bobsKeyId}`, { method: "DELETE", token: alice.apiKey });
    await expectOpenAIError(del, 404);
    const empty = await call(`/api/user/${alice.userId}/keys`, { body: { name: "   " }, token: alice.apiKey });
    expect((await expectOpenAIError(empty, 400)).param).toBe("name");
    const long = await call(`/api/user/${alice.userId}/keys`, { body: { name: "x".repeat(65) }, token: alice.apiKey });
    await expectOpenAIError(long, 400);
  });

  it("refuses malformed keys before any lookup, and missing ones", async () => {
    const { userId, apiKey } = await signupUser();
    const tampered = apiKey.slice(0, -1) + (apiKey.endsWith("A") ? "B" : "A");
    await expectOpenAIError(await call(`/api/user/${userId}/keys`, { token: tampered }), 401);
    await expectOpenAIError(await call(`/api/user/${userId}/keys`), 401);
    await expectOpenAIError(await call(`/api/user/${userId}/keys`, { headers: { authorization: "Basic abc" } }), 401);
  });

  it("caps active keys per user", async () => {
    const { userId, apiKey } = await signupUser();
    for (let i = 1; i < 25; i++) expect((await call(`/api/user/${userId}/keys`, { body: { name: `k${i}` }, token: apiKey })).status).toBe(201);
    const over = await call(`/api/user/${userId}/keys`, { body: { name: "one too many" }, token: apiKey });
    expect((await expectOpenAIError(over, 409)).code).toBe("too_many_keys");
  });

  it("never stores a plaintext API key or provider secret in D1", async () => {
    const { userId, apiKey } = await signupUser();
    const extra = await json<Key>(await call(`/api/user/${userId}/keys`, { body: { name: "second" }, token: apiKey }));
    const provRes = await call("/api/providers", { body: {}, headers: { "cf-connecting-ip": "10.99.0.1" } });
    const { providerSecret } = await json<{ providerSecret: string }>(provRes);
    const secrets = [apiKey, extra.key ?? "", providerSecret];
    // Dump every table, every column, as text and grep it for each secret and its random body.
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>();
    let dump = "";
    for (const { name } of tables.results) {
      const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      dump += JSON.stringify(rows.results);
    }
    expect(dump.length).toBeGreaterThan(0);
    for (const s of secrets) {
      expect(s.length).toBeGreaterThan(20);
      expect(dump).not.toContain(s);
      expect(dump).not.toContain(s.slice(5, 30));
    }
  });
});
