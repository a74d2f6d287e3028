import { modelsThatFit, type HardwareProfile, type Service } from "@cxmpute/protocol";

/** Guide: chat needs 4 GB+ VRAM (recommended), embeddings 2 GB+, TTS 1 GB+ or a good CPU, scrape anything. */
export function defaultServices(hw: HardwareProfile): Service[] {
  const services: Service[] = [];
  if (hw.vramGb >= 4) services.push("chat");
  if (hw.vramGb >= 2) services.push("embeddings");
  if (hw.vramGb >= 1 || hw.cpuCores >= 4) services.push("tts");
  services.push("scrape");
  return services;
}

/** Models to offer for a service, biggest that fits first; "chat"/"embeddings" models are Ollama tags. */
export function modelChoices(service: Service, hw: HardwareProfile): string[] {
  return modelsThatFit(service, hw.vramGb, hw.diskFreeGb).map((m) => m.tag);
}

/** One model per Ollama-backed service by default: the largest that fits VRAM and disk. */
export function defaultModels(services: readonly Service[], hw: HardwareProfile): string[] {
  const out: string[] = [];
  for (const s of services) {
    if (s !== "chat" && s !== "embeddings") continue;
    const first = modelChoices(s, hw)[0];
    if (first) out.push(first);
  }
  return out;
}

/** Concurrent requests to accept: one per 8 GB of VRAM for LLM work, at least 2, at most 16. */
export function defaultCapacity(hw: HardwareProfile): number {
  return Math.max(2, Math.min(16, Math.floor(hw.vramGb / 8) + 2));
}
