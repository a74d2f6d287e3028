import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, errors, router } from "../lib/openapi";
import { adminAuth } from "../middleware/admin-auth";
import { registryByTier } from "../routing/registry";

const Registry = z.object({ tiers: z.array(z.object({ tier: z.string(), syncCalls: z.number(), nodes: z.array(z.looseObject({ nodeId: z.string() })) })) }).openapi("Registry");

export const adminRegistry = router();
adminRegistry.use("/api/admin/registry", adminAuth());
adminRegistry.openapi(
  createRoute({
    method: "get",
    path: "/api/admin/registry",
    tags: ["admin"],
    summary: "Live registry per tier: nodes, models, load, latency, cooldowns",
    security: bearerSecurity,
    responses: { 200: { description: "Registry", content: { "application/json": { schema: Registry } } }, ...errors(401, 403) },
  }),
  async (c) => {
    const tiers = await registryByTier(c.env);
    // Node secrets never leave the registry except at announce.
    return c.json({ tiers: tiers.map((t) => ({ tier: t.tier, syncCalls: t.syncCalls, nodes: t.nodes.map((n) => ({ ...n })) })) }, 200);
  },
);
