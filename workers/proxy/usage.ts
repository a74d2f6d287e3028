import type { Service, TierId } from "@cxmpute/protocol";
import type { Context } from "hono";
import type { AppEnv } from "../types";
import type { RoutableNode } from "../routing/types";
import { emitUsage } from "../usage/emitter";
import type { Billed } from "./tokens";

/** Builds and emits the one usage event of a completed request. */
export function reportUsage(
  c: Context<AppEnv>,
  x: { node: RoutableNode; service: Service; model: string; billed: Billed; latencyMs: number; streamed: boolean },
): void {
  emitUsage(c.env, c.executionCtx, {
    v: 1,
    requestId: c.get("requestId"),
    userId: c.get("userId"),
    apiKeyId: c.get("apiKeyId"),
    providerId: x.node.providerId,
    nodeId: x.node.nodeId,
    service: x.service,
    model: x.model,
    tier: x.node.tier as TierId,
    promptTokens: x.billed.promptTokens,
    completionTokens: x.billed.completionTokens,
    claimedTokens: x.billed.claimedTokens,
    countedTokens: x.billed.countedTokens,
    flagged: x.billed.flagged,
    latencyMs: Math.max(0, Math.round(x.latencyMs)),
    streamed: x.streamed,
    at: Date.now(),
  });
}
