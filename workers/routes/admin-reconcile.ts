import { createRoute } from "@hono/zod-openapi";
import { bearerSecurity, errors, router, jsonContent } from "../lib/openapi";
import { adminAuth } from "../middleware/admin-auth";
import { reconcile } from "../rewards/reconcile";
import { Reconciliation } from "../rewards/admin-schema";

export const adminReconcile = router();
adminReconcile.use("/api/admin/reconcile", adminAuth());

adminReconcile.openapi(
  createRoute({
    method: "get", path: "/api/admin/reconcile", tags: ["admin"], security: bearerSecurity,
    summary: "Ledger invariants (balances = entries + aggregates, no double credit, exact referral shares) and network totals",
    responses: { 200: { description: "Reconciliation", ...jsonContent(Reconciliation) }, ...errors(401, 403) },
  }),
  async (c) => c.json(await reconcile(c.env.DB), 200),
);
