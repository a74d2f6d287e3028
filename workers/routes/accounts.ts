import { createRoute, z } from "@hono/zod-openapi";
import { createProvider, createUser } from "../accounts/signup";
import { ApiError } from "../lib/api-error";
import { errors, router } from "../lib/openapi";
import type { AppEnv } from "../types";
import type { Context } from "hono";

const SignupBody = z
  .object({ referralCode: z.string().min(1).max(64).optional().openapi({ example: "usr_0123456789ABCDEFGHIJ" }) })
  .strict()
  .openapi("SignupRequest");

const UserCreated = z.object({ userId: z.string(), apiKey: z.string() }).openapi("UserCreated");
const ProviderCreated = z.object({ providerId: z.string(), providerSecret: z.string() }).openapi("ProviderCreated");

const jsonBody = { required: false, content: { "application/json": { schema: SignupBody } } } as const;

async function throttleSignup(c: Context<AppEnv>): Promise<void> {
  const ip = c.req.header("cf-connecting-ip") ?? "local";
  const { success } = await c.env.SIGNUP_RATE_LIMITER.limit({ key: `signup:${ip}` });
  if (!success) throw new ApiError(429, "Too many signups from this address. Retry in a minute.", { code: "rate_limit_exceeded", headers: { "retry-after": "60" } });
}

export const accounts = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/api/users",
      tags: ["accounts"],
      summary: "Create a user; returns the first API key (shown once)",
      request: { body: jsonBody },
      responses: { 201: { description: "Created", content: { "application/json": { schema: UserCreated } } }, ...errors(400, 404, 429) },
    }),
    async (c) => {
      await throttleSignup(c);
      const body = c.req.valid("json");
      return c.json(await createUser(c.env.DB, body.referralCode), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/providers",
      tags: ["accounts"],
      summary: "Register a provider; returns the provider secret (shown once)",
      request: { body: jsonBody },
      responses: { 201: { description: "Created", content: { "application/json": { schema: ProviderCreated } } }, ...errors(400, 404, 429) },
    }),
    async (c) => {
      await throttleSignup(c);
      const body = c.req.valid("json");
      return c.json(await createProvider(c.env.DB, body.referralCode), 201);
    },
  );
