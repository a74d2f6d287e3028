import { createRoute, z } from "@hono/zod-openapi";
import { setSuspended } from "../accounts/suspension";
import { db } from "../db";
import { bearerSecurity, errors, router } from "../lib/openapi";
import { adminAuth } from "../middleware/admin-auth";

const Params = z.object({ accountId: z.string().max(64).openapi({ param: { name: "accountId", in: "path" } }) });
const Suspension = z.object({ accountId: z.string(), suspended: z.boolean(), suspendedAt: z.string().nullable() }).openapi("Suspension");

const route = (action: "suspend" | "unsuspend") =>
  createRoute({
    method: "post",
    path: `/api/admin/accounts/{accountId}/${action}`,
    tags: ["admin"],
    security: bearerSecurity,
    summary: action === "suspend" ? "Suspend a user or provider: the API refuses it" : "Lift a suspension",
    request: { params: Params },
    responses: { 200: { description: "Done", content: { "application/json": { schema: Suspension } } }, ...errors(400, 401, 403, 404) },
  });

export const adminAccounts = router();
adminAccounts.use("/api/admin/*", adminAuth());
adminAccounts
  .openapi(route("suspend"), async (c) => c.json(await setSuspended(db(c.env.DB), c.req.valid("param").accountId, true), 200))
  .openapi(route("unsuspend"), async (c) => c.json(await setSuspended(db(c.env.DB), c.req.valid("param").accountId, false), 200));
