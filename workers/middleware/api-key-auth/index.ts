import { createMiddleware } from "hono/factory";
import { bearerToken } from "../../auth/credentials";
import { resolveApiKey } from "../../auth/principals";
import { ApiError } from "../../lib/api-error";
import type { AppEnv } from "../../types";

/** Bearer API key for the OpenAI-compatible routes; sets userId/apiKeyId and applies the per-key rate limit. */
export const apiKeyAuth = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = bearerToken(c.req.header("authorization"));
    if (!key) {
      throw new ApiError(401, "You didn't provide an API key. Send it as Authorization: Bearer <key>; create one with POST /api/users.", { code: "missing_api_key" });
    }
    const principal = await resolveApiKey(c.env, key);
    if (!principal) throw new ApiError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
    if (principal.suspended) throw new ApiError(403, "This account is suspended.", { code: "account_suspended" });
    const { success } = await c.env.KEY_RATE_LIMITER.limit({ key: principal.keyId });
    if (!success) {
      throw new ApiError(429, "Rate limit reached for this API key. Retry after a minute.", { code: "rate_limit_exceeded", headers: { "retry-after": "60" } });
    }
    c.set("userId", principal.userId);
    c.set("apiKeyId", principal.keyId);
    await next();
  });
