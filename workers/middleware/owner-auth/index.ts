import { createMiddleware } from "hono/factory";
import { bearerToken } from "../../auth/credentials";
import { resolveApiKey, resolveProviderSecret } from "../../auth/principals";
import { ApiError } from "../../lib/api-error";
import { PROVIDER_ID_RE, USER_ID_RE } from "../../lib/random";
import type { AppEnv } from "../../types";
import { isAdmin } from "../admin-auth";

function missing(): ApiError {
  return new ApiError(401, "Missing credentials: send Authorization: Bearer <API key or provider secret>.", { code: "missing_token" });
}

/** `usr_` routes: one of the user's own API keys (or the admin token). */
export const userOwnerAuth = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const userId = c.req.param("userId") ?? "";
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw missing();
    if (!USER_ID_RE.test(userId)) throw new ApiError(404, `No such user: ${userId.slice(0, 64)}`, { code: "user_not_found", param: "userId" });
    if (await isAdmin(c.env, c.req.header("authorization"))) return next();
    const principal = await resolveApiKey(c.env, token);
    if (!principal) throw new ApiError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
    if (principal.userId !== userId) throw new ApiError(403, "This API key belongs to another user.", { code: "not_owner" });
    if (principal.suspended) throw new ApiError(403, "This account is suspended.", { code: "account_suspended" });
    await next();
  });

/** `prov_` routes: the provider secret (or the admin token). */
export const providerOwnerAuth = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const providerId = c.req.param("providerId") ?? "";
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw missing();
    if (!PROVIDER_ID_RE.test(providerId)) throw new ApiError(404, `No such provider: ${providerId.slice(0, 64)}`, { code: "provider_not_found", param: "providerId" });
    if (await isAdmin(c.env, c.req.header("authorization"))) return next();
    const principal = await resolveProviderSecret(c.env, providerId, token);
    if (!principal) throw new ApiError(401, "Incorrect provider id or secret.", { code: "invalid_provider_secret" });
    if (principal.suspended) throw new ApiError(403, "This provider is suspended.", { code: "account_suspended" });
    await next();
  });
