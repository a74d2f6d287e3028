import { z } from "zod";
import { Service, TierId } from "@cxmpute/protocol";

/** What the registry hands the gateway for routing: everything needed to pick and sign, nothing more. */
export const RoutableNode = z.object({
  nodeId: z.string(),
  providerId: z.string(),
  publicUrl: z.string(),
  secret: z.string(),
  tier: TierId,
  services: z.array(Service),
  models: z.array(z.string()),
  capacity: z.number().int(),
  inFlight: z.number().int(),
  ewmaLatencyMs: z.number(),
  successRate: z.number(),
  cooldownUntil: z.number(),
  /** When the node stops being routable unless a heartbeat arrives (epoch ms). */
  expiresAt: z.number(),
});
export type RoutableNode = z.infer<typeof RoutableNode>;

export type NodeStatus = "active" | "starting" | "cooldown" | "offline";

export interface NodeView {
  nodeId: string;
  providerId: string;
  status: NodeStatus;
  tier: TierId;
  services: Service[];
  models: string[];
  publicUrl: string;
  latencyMs: number | null;
  successRate: number;
  inFlight: number;
  capacity: number;
  load: number;
  health: string;
  consecutiveFailures: number;
  cooldownUntil: string | null;
  lastHeartbeatAt: string;
  registeredAt: string;
}
