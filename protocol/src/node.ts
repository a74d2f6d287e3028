import { z } from "zod";
import { Service } from "./services.js";
import { TierId } from "./tiers.js";

/**
 * The provider node protocol. A registered provider (provider secret as bearer token):
 *   POST   /api/providers/{providerId}/nodes                      NodeAnnounce → NodeAnnounceResponse
 *   POST   /api/providers/{providerId}/nodes/{nodeId}/heartbeat   NodeHeartbeat → NodeHeartbeatResponse
 *   DELETE /api/providers/{providerId}/nodes/{nodeId}             → 204
 * A heartbeat answered 404 means the orchestrator forgot the node: announce again.
 */

export const GpuInfo = z.object({
  vendor: z.enum(["nvidia", "amd", "apple", "intel", "other"]),
  name: z.string().max(200),
  vramGb: z.number().nonnegative().max(4096),
});
export type GpuInfo = z.infer<typeof GpuInfo>;

export const HardwareProfile = z.object({
  os: z.enum(["darwin", "linux", "win32", "other"]),
  arch: z.string().max(32),
  cpuModel: z.string().max(200),
  cpuCores: z.number().int().positive().max(4096),
  ramGb: z.number().nonnegative().max(65536),
  diskFreeGb: z.number().nonnegative(),
  gpus: z.array(GpuInfo).max(64),
  /** Usable VRAM in GB after the design's rules (Apple Silicon counts 75% of unified memory). */
  vramGb: z.number().nonnegative().max(65536),
});
export type HardwareProfile = z.infer<typeof HardwareProfile>;

export const NodeAnnounce = z.object({
  publicUrl: z.url({ protocol: /^https?$/ }),
  hardware: HardwareProfile,
  /** Self-reported; the orchestrator recomputes it from the hardware and may lower it later. */
  tier: TierId,
  services: z.array(Service).min(1),
  /** Ollama tags for chat/embeddings; "espeak-ng" etc. for tts; "scrape" for scrape. */
  models: z.array(z.string().min(1).max(200)).max(200),
  /** Concurrent requests the node accepts. */
  capacity: z.number().int().min(1).max(1024),
  version: z.string().max(50),
});
export type NodeAnnounce = z.infer<typeof NodeAnnounce>;

export const NodeAnnounceResponse = z.object({
  nodeId: z.string(),
  /** Per-node HMAC secret; the node verifies every orchestrator request with it. */
  nodeSecret: z.string(),
  /** Tier the orchestrator granted. */
  tier: TierId,
  heartbeatIntervalMs: z.number().int().positive(),
  /** Production: a named-tunnel token the orchestrator provisioned (it holds the Cloudflare API credentials). */
  tunnelToken: z.string().min(1).optional(),
  /** The hostname that named tunnel routes to, when one was provisioned. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type NodeAnnounceResponse = z.infer<typeof NodeAnnounceResponse>;

export const NodeHeartbeat = z.object({
  inFlight: z.number().int().nonnegative(),
  capacity: z.number().int().min(1).max(1024),
  /** 0..1 share of capacity in use, or a system load figure the node prefers. */
  load: z.number().nonnegative().max(1000),
  models: z.array(z.string().min(1).max(200)).max(200),
  health: z.enum(["ok", "degraded"]),
  servedTotal: z.number().int().nonnegative().optional(),
  failedTotal: z.number().int().nonnegative().optional(),
});
export type NodeHeartbeat = z.infer<typeof NodeHeartbeat>;

export const NodeHeartbeatResponse = z.object({
  ok: z.literal(true),
  tier: TierId,
  heartbeatIntervalMs: z.number().int().positive(),
});
export type NodeHeartbeatResponse = z.infer<typeof NodeHeartbeatResponse>;

/** Header the orchestrator sets on every forwarded request. */
export const NODE_ID_HEADER = "x-cxmpute-node";
export const REQUEST_ID_HEADER = "x-request-id";

export const TtsRequest = z.object({
  text: z.string().min(1).max(10_000),
  voice: z.string().max(100).optional(),
  format: z.enum(["wav", "mp3"]).optional(),
  speed: z.number().min(0.25).max(4).optional(),
});
export type TtsRequest = z.infer<typeof TtsRequest>;

export const ScrapeFormat = z.enum(["markdown", "html", "text"]);
export type ScrapeFormat = z.infer<typeof ScrapeFormat>;

export const ScrapeRequest = z.object({
  urls: z.array(z.url({ protocol: /^https?$/ })).min(1).max(50),
  format: ScrapeFormat.optional(),
});
export type ScrapeRequest = z.infer<typeof ScrapeRequest>;

export const ScrapeResult = z.union([
  z.object({ url: z.string(), status: z.number().int(), title: z.string(), content: z.string() }),
  z.object({ url: z.string(), error: z.string() }),
]);
export type ScrapeResult = z.infer<typeof ScrapeResult>;

export const ScrapeResponse = z.object({ results: z.array(ScrapeResult) });
export type ScrapeResponse = z.infer<typeof ScrapeResponse>;
