import { catalogModel, normalizeTag } from "@cxmpute/protocol";
import type { Context } from "hono";
import { routableNodes } from "../routing/snapshot";
import type { AppEnv } from "../types";

/** OpenAI model list of what live nodes serve right now. */
export async function listModels(c: Context<AppEnv>): Promise<Response> {
  await c.get("admission");
  const nodes = await routableNodes(c.env, { keepAlive: (p) => c.executionCtx.waitUntil(p) });
  const now = Date.now();
  const seen = new Map<string, number>();
  for (const n of nodes) {
    if (n.cooldownUntil > now || n.expiresAt <= now) continue;
    for (const m of n.models) {
      const tag = normalizeTag(m);
      seen.set(tag, (seen.get(tag) ?? 0) + 1);
    }
  }
  const created = Math.floor(Date.UTC(2026, 0, 1) / 1000);
  const data = [...seen.keys()].sort().map((id) => ({
    id,
    object: "model" as const,
    created,
    owned_by: "cxmpute",
    service: catalogModel(id)?.service ?? "chat",
    nodes: seen.get(id) ?? 0,
  }));
  return c.json({ object: "list", data });
}
