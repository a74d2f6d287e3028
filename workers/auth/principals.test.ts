import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createUser } from "../accounts/signup";
import { revokeKey } from "../accounts/api-keys";
import { db } from "../db";
import { resolveApiKey } from "./principals";

/**
 * A D1 binding whose `first()` reads at once but hands the row back only when `release()` is called;
 * `read` settles once a row has been read.
 */
function heldReads(d1: D1Database): { d1: D1Database; read: Promise<void>; release(): void } {
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let markRead = () => {};
  const read = new Promise<void>((r) => {
    markRead = r;
  });
  const holdStatement = (st: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(st, {
      get(target, prop) {
        if (prop === "bind") return (...values: unknown[]) => holdStatement(target.bind(...values));
        if (prop === "first") {
          return async (column?: string) => {
            const row = column === undefined ? await target.first() : await target.first(column);
            markRead();
            await gate;
            return row;
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const held = new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => holdStatement(target.prepare(query));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { d1: held, read, release };
}

describe("API key cache and revocation", () => {
  it("a lookup that read the key before it was revoked does not put it back into the cache", async () => {
    const { userId, apiKey } = await createUser(env.DB, undefined);
    const key = await env.DB.prepare("SELECT id FROM api_keys WHERE user_id = ?1").bind(userId).first<{ id: string }>();
    if (!key) throw new Error("signup made no key");

    const slow = heldReads(env.DB);
    // The dashboard's poll reads the row while the key is live, then the owner revokes it.
    const inFlight = resolveApiKey({ ...env, DB: slow.d1 }, apiKey);
    await slow.read;
    await revokeKey(db(env.DB), userId, key.id);
    slow.release();
    expect((await inFlight)?.userId).toBe(userId);

    // Every request after the revocation is refused at once, in this isolate.
    expect(await resolveApiKey(env, apiKey)).toBeNull();
  });

  it("revocation lands at once for a key already cached", async () => {
    const { userId, apiKey } = await createUser(env.DB, undefined);
    expect((await resolveApiKey(env, apiKey))?.suspended).toBe(false);
    const key = await env.DB.prepare("SELECT id FROM api_keys WHERE user_id = ?1").bind(userId).first<{ id: string }>();
    if (!key) throw new Error("signup made no key");
    await revokeKey(db(env.DB), userId, key.id);
    expect(await resolveApiKey(env, apiKey)).toBeNull();
  });
});
