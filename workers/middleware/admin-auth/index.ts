import { createMiddleware } from "hono/factory";
import { bearerToken } from "../../auth/credentials";
import { ApiError } from "../../lib/api-error";
import { timingSafeEqual } from "../../lib/timing-safe";
import type { AppEnv } from "../../types";

export async function isAdmin(env: Env, header: string | undefined): Promise<boolean> {
  const token = bearerToken(header);
  // An unset or short token must never turn into "anyone is admin".
  if (!token || !env.ADMIN_TOKEN || env.ADMIN_TOKEN.length < 16) return false;
  return timingSafeEqual(token, env.ADMIN_TOKEN);
}

export const adminAuth = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!bearerToken(c.req.header("authorization"))) throw new ApiError(401, "Missing admin token: send Authorization: Bearer <ADMIN_TOKEN>.", { code: "missing_token" });
    if (!(await isAdmin(c.env, c.req.header("authorization")))) throw new ApiError(403, "Invalid admin token.", { code: "invalid_admin_token" });
    await next();
  });
