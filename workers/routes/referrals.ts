import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, errors, router, jsonContent } from "../lib/openapi";
import { providerOwnerAuth, userOwnerAuth } from "../middleware/owner-auth";
import { applyReferral } from "../rewards/referrals";
import { providerStats, userStats } from "../rewards/stats";
import { ProviderStats, UserStats } from "../rewards/stats-schema";

const Body = z.object({ referralCode: z.string().min(1).max(64) }).strict().openapi("ApplyReferral");
const Applied = z.object({ referrer: z.string() }).openapi("ReferralApplied");
const UserParams = z.object({ userId: z.string().openapi({ param: { name: "userId", in: "path" } }) });
const ProviderParams = z.object({ providerId: z.string().openapi({ param: { name: "providerId", in: "path" } }) });

export const referrals = router();
referrals.use("/api/user/:userId/referral", userOwnerAuth());
referrals.use("/api/user/:userId/referral-stats", userOwnerAuth());
referrals.use("/api/providers/:providerId/referral", providerOwnerAuth());
referrals.use("/api/providers/:providerId/referral-stats", providerOwnerAuth());

referrals
  .openapi(
    createRoute({
      method: "post", path: "/api/user/{userId}/referral", tags: ["referrals"], security: bearerSecurity,
      summary: "Apply a referral code (another user's id) once; the referrer gets 25 points",
      request: { params: UserParams, body: { required: true, ...jsonContent(Body) } },
      responses: { 200: { description: "Applied", ...jsonContent(Applied) }, ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await applyReferral(c.env.DB, "user", c.req.valid("param").userId, c.req.valid("json").referralCode), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/api/providers/{providerId}/referral", tags: ["referrals"], security: bearerSecurity,
      summary: "Apply a referral code (another provider's id) once; the referrer gets 50 points",
      request: { params: ProviderParams, body: { required: true, ...jsonContent(Body) } },
      responses: { 200: { description: "Applied", ...jsonContent(Applied) }, ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await applyReferral(c.env.DB, "provider", c.req.valid("param").providerId, c.req.valid("json").referralCode), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/api/user/{userId}/referral-stats", tags: ["referrals"], security: bearerSecurity,
      summary: "Usage vs referral points, network by level, rewards by level, 30-day history",
      request: { params: UserParams },
      responses: { 200: { description: "Stats", ...jsonContent(UserStats) }, ...errors(401, 403, 404) },
    }),
    async (c) => c.json(await userStats(c.env.DB, c.req.valid("param").userId), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/api/providers/{providerId}/referral-stats", tags: ["referrals"], security: bearerSecurity,
      summary: "Compute vs referral points, by tier and model, network by level, 30-day history",
      request: { params: ProviderParams },
      responses: { 200: { description: "Stats", ...jsonContent(ProviderStats) }, ...errors(401, 403, 404) },
    }),
    async (c) => c.json(await providerStats(c.env.DB, c.req.valid("param").providerId), 200),
  );
