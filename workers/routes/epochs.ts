import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, errors, router, jsonContent } from "../lib/openapi";
import { adminAuth } from "../middleware/admin-auth";
import { closeEpoch, EPOCH_RE, getEpoch, listEpochs, parseRevenue, previousMonth } from "../rewards/epochs";
import { EpochDetail, EpochSummary } from "../rewards/admin-schema";

const CloseBody = z
  .object({ epoch: z.string().regex(EPOCH_RE, "YYYY-MM").optional(), revenue: z.string().min(1).max(20).openapi({ example: "1234.56" }) })
  .strict()
  .openapi("CloseEpoch");
const Params = z.object({ epoch: z.string().regex(EPOCH_RE, "YYYY-MM").openapi({ param: { name: "epoch", in: "path" } }) });

export const epochRoutes = router();
epochRoutes.use("/api/admin/epochs", adminAuth());
epochRoutes.use("/api/admin/epochs/*", adminAuth());

epochRoutes
  .openapi(
    createRoute({
      method: "post", path: "/api/admin/epochs/close", tags: ["admin"], security: bearerSecurity,
      summary: "Close an epoch (default: last calendar month) with its revenue; payouts proportional to points, written once",
      request: { body: { required: true, ...jsonContent(CloseBody) } },
      responses: { 201: { description: "Closed", ...jsonContent(EpochDetail) }, ...errors(400, 401, 403, 409) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const now = Date.now();
      return c.json(await closeEpoch(c.env.DB, body.epoch ?? previousMonth(now), parseRevenue(body.revenue), now), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/api/admin/epochs", tags: ["admin"], security: bearerSecurity,
      responses: { 200: { description: "Closed epochs", ...jsonContent(z.object({ data: z.array(EpochSummary) })) }, ...errors(401, 403) },
    }),
    async (c) => c.json({ data: await listEpochs(c.env.DB) }, 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/api/admin/epochs/{epoch}", tags: ["admin"], security: bearerSecurity,
      request: { params: Params },
      responses: { 200: { description: "Epoch with payouts", ...jsonContent(EpochDetail) }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getEpoch(c.env.DB, c.req.valid("param").epoch), 200),
  );
