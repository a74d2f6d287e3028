import { createRoute, z } from "@hono/zod-openapi";
import { router } from "../lib/openapi";

const Health = z.object({ status: z.literal("ok"), time: z.string() }).openapi("Health");

export const health = router().openapi(
  createRoute({
    method: "get",
    path: "/health",
    tags: ["meta"],
    responses: { 200: { description: "Service is up", content: { "application/json": { schema: Health } } } },
  }),
  (c) => c.json({ status: "ok" as const, time: new Date().toISOString() }, 200),
);
