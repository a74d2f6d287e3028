import type { GpuInfo } from "@cxmpute/protocol";
import { round2 } from "./parse-nvidia.js";

/** Share of Apple Silicon unified memory the GPU may use for models. */
export const APPLE_UNIFIED_SHARE = 0.75;

/**
 * Usable VRAM per the design: the sum over NVIDIA/AMD GPUs (Ollama splits a model across them);
 * with none, Apple Silicon counts 75% of unified memory; otherwise 0.
 */
export function usableVramGb(gpus: readonly GpuInfo[]): number {
  const discrete = gpus.filter((g) => g.vendor === "nvidia" || g.vendor === "amd");
  if (discrete.length > 0) return round2(discrete.reduce((sum, g) => sum + g.vramGb, 0));
  const apple = gpus.find((g) => g.vendor === "apple");
  if (apple) return round2(apple.vramGb * APPLE_UNIFIED_SHARE);
  return 0;
}
