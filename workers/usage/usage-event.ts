import { z } from "zod";
import { Service, TierId } from "@cxmpute/protocol";

/**
 * One completed request, as the gateway hands it to the usage queue and the rewards consumer
 * reads it. Tokens are the billed figures: min(provider's claim, edge count).
 */
export const UsageEvent = z.object({
  v: z.literal(1),
  /** Idempotency key of every credit derived from this event. */
  requestId: z.string().min(1).max(128),
  userId: z.string(),
  apiKeyId: z.string(),
  providerId: z.string(),
  nodeId: z.string(),
  service: Service,
  model: z.string().max(200),
  /** Serving node's granted hardware tier (the rewards engine caps it at the model's catalog tier). */
  tier: TierId,
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** What the provider reported, when it reported anything. */
  claimedTokens: z.number().int().nonnegative().nullable(),
  /** What the edge counted from the bytes that passed through. */
  countedTokens: z.number().int().nonnegative(),
  /** Claim and count differ by more than the tolerance. */
  flagged: z.boolean(),
  /** Edge latency: to the last byte (non-streamed) or first token (streamed). */
  latencyMs: z.number().int().nonnegative(),
  streamed: z.boolean(),
  /** Unix ms when the request completed. */
  at: z.number().int().nonnegative(),
});
export type UsageEvent = z.infer<typeof UsageEvent>;
