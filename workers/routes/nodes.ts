import { createRoute, z } from "@hono/zod-openapi";
import { NodeAnnounce, NodeHeartbeat, TierId } from "@cxmpute/protocol";
import { ApiError } from "../lib/api-error";
import { bearerSecurity, errors, router, jsonContent } from "../lib/openapi";
import { providerOwnerAuth } from "../middleware/owner-auth";
import { announceNode, heartbeatIntervalMs, providerNodes, shardOf } from "../routing/registry";

const ProviderParams = z.object({ providerId: z.string().openapi({ param: { name: "providerId", in: "path" } }) });
const NodeParams = ProviderParams.extend({ nodeId: z.string().max(64).openapi({ param: { name: "nodeId", in: "path" } }) });

const AnnounceBody = NodeAnnounce.openapi("NodeAnnounce");
const HeartbeatBody = NodeHeartbeat.openapi("NodeHeartbeat");
const AnnounceResult = z.object({ nodeId: z.string(), nodeSecret: z.string(), tier: TierId, heartbeatIntervalMs: z.number().int() }).openapi("NodeAnnounceResponse");
const HeartbeatResult = z.object({ ok: z.literal(true), tier: TierId, heartbeatIntervalMs: z.number().int() }).openapi("NodeHeartbeatResponse");
const NodeViewSchema = z
  .object({
    nodeId: z.string(),
    status: z.enum(["active", "starting", "cooldown", "offline"]),
    tier: TierId,
    models: z.array(z.string()),
    services: z.array(z.string()),
    publicUrl: z.string(),
    latencyMs: z.number().nullable(),
    successRate: z.number(),
    inFlight: z.number(),
    capacity: z.number(),
    lastHeartbeatAt: z.string(),
  })
  .passthrough()
  .openapi("NodeView");


function unknownNode(nodeId: string): ApiError {
  return new ApiError(404, `Unknown node ${nodeId.slice(0, 64)}: announce it again.`, { code: "node_not_found", param: "nodeId" });
}

export const nodes = router();
nodes.use("/api/providers/:providerId/nodes", providerOwnerAuth());
nodes.use("/api/providers/:providerId/nodes/*", providerOwnerAuth());

nodes
  .openapi(
    createRoute({
      method: "post",
      path: "/api/providers/{providerId}/nodes",
      tags: ["nodes"],
      summary: "Announce a node; returns its id and per-node signing secret (shown once)",
      security: bearerSecurity,
      request: { params: ProviderParams, body: { required: true, ...jsonContent(AnnounceBody) } },
      responses: { 201: { description: "Registered", ...jsonContent(AnnounceResult) }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { providerId } = c.req.valid("param");
      const r = await announceNode(c.env, providerId, c.req.valid("json"));
      return c.json({ ...r, heartbeatIntervalMs: heartbeatIntervalMs(c.env) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/providers/{providerId}/nodes/{nodeId}/heartbeat",
      tags: ["nodes"],
      security: bearerSecurity,
      request: { params: NodeParams, body: { required: true, ...jsonContent(HeartbeatBody) } },
      responses: { 200: { description: "Alive", ...jsonContent(HeartbeatResult) }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { providerId, nodeId } = c.req.valid("param");
      const target = shardOf(c.env, nodeId);
      if (!target || !(await target.stub.heartbeat(providerId, nodeId, c.req.valid("json")))) throw unknownNode(nodeId);
      return c.json({ ok: true as const, tier: target.tier, heartbeatIntervalMs: heartbeatIntervalMs(c.env) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/providers/{providerId}/nodes/{nodeId}",
      tags: ["nodes"],
      security: bearerSecurity,
      request: { params: NodeParams },
      responses: { 204: { description: "Deregistered" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { providerId, nodeId } = c.req.valid("param");
      const target = shardOf(c.env, nodeId);
      if (!target || !(await target.stub.deregister(providerId, nodeId))) throw unknownNode(nodeId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/providers/{providerId}/nodes",
      tags: ["nodes"],
      summary: "The provider's nodes with status, latency and success rate",
      security: bearerSecurity,
      request: { params: ProviderParams },
      responses: { 200: { description: "Nodes", ...jsonContent(z.object({ data: z.array(NodeViewSchema) })) }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const list = await providerNodes(c.env, c.req.valid("param").providerId);
      return c.json({ data: list.map(({ providerId: _p, ...rest }) => rest) }, 200);
    },
  );
