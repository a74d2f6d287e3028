import { createMiddleware } from "hono/factory";
import { admitKey } from "../../auth/key-admission";
import { bearerToken } from "../../auth/credentials";
import { resolveApiKey } from "../../auth/principals";
import { ApiError } from "../../lib/api-error";
import type { AppEnv } from "../../types";

/**
 * Bearer API key for the OpenAI-compatible routes; sets userId/apiKeyId and starts the per-key rate
 * limit check. The check runs while the handler reads and validates the body; handlers await
 * `admission` before anything reaches a provider (forward() requires it).
 */
export const apiKeyAuth = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = bearerToken(c.req.header("authorization"));
    if (!key) {
      throw new ApiError(401, "You didn't provide an API key. Send it as Authorization: Bearer <key>; create one with POST /api/users.", { code: "missing_api_key" });
    }
    const principal = await resolveApiKey(c.env, key);
    if (!principal) throw new ApiError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
    if (principal.suspended) throw new ApiError(403, "This account is suspended.", { code: "account_suspended" });
    const limiters = { perRequest: c.env.KEY_RATE_LIMITER, lease: c.env.KEY_LEASE_LIMITER };
    const admission = admitKey(limiters, principal.keyId, { keepAlive: (p) => c.executionCtx.waitUntil(p) }).then((a) => {
      if (!a.ok) {
        throw new ApiError(429, `Rate limit reached for this API key. Retry after ${a.retryAfterSeconds} s.`, {
          code: "rate_limit_exceeded",
          headers: { "retry-after": String(a.retryAfterSeconds) },
        });
      }
    });
    // Marked handled here: a handler that fails validation first never awaits it.
    admission.catch(() => undefined);
    c.set("admission", admission);
    c.set("userId", principal.userId);
    c.set("apiKeyId", principal.keyId);
    await next();
  });
