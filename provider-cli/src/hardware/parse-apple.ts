import { z } from "zod";
import type { GpuInfo } from "@cxmpute/protocol";
import { round2 } from "./parse-nvidia.js";

const GB = 1024 ** 3;

const Display = z.object({
  _name: z.string().optional(),
  sppci_model: z.string().optional(),
  spdisplays_vendor: z.string().optional(),
  spdisplays_vram: z.string().optional(),
  sppci_vendor: z.string().optional(),
});
const SystemProfiler = z.object({ SPDisplaysDataType: z.array(Display) });

/** "8 GB", "1536 MB" → GB. */
function sizeToGb(text: string | undefined): number {
  const m = text?.match(/([\d.]+)\s*(GB|MB)/i);
  if (!m?.[1] || !m[2]) return 0;
  const n = Number(m[1]);
  return m[2].toUpperCase() === "GB" ? n : n / 1024;
}

/**
 * `system_profiler SPDisplaysDataType -json` plus `sysctl -n hw.memsize` (bytes). Apple Silicon
 * GPUs share unified memory: the GPU entry reports the whole memory; the usable share is applied
 * later by `usableVramGb`.
 */
export function parseSystemProfiler(output: string, memsizeOutput: string): GpuInfo[] {
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch {
    return [];
  }
  const parsed = SystemProfiler.safeParse(json);
  if (!parsed.success) return [];
  const unifiedGb = round2(Number(memsizeOutput.trim()) / GB) || 0;
  const gpus: GpuInfo[] = [];
  for (const d of parsed.data.SPDisplaysDataType) {
    const name = (d.sppci_model ?? d._name ?? "GPU").slice(0, 200);
    const vendorText = `${d.spdisplays_vendor ?? ""} ${d.sppci_vendor ?? ""} ${name}`.toLowerCase();
    if (vendorText.includes("apple")) gpus.push({ vendor: "apple", name, vramGb: unifiedGb });
    else if (/\bamd\b|ati|radeon/.test(vendorText)) gpus.push({ vendor: "amd", name, vramGb: round2(sizeToGb(d.spdisplays_vram)) });
    else if (vendorText.includes("nvidia")) gpus.push({ vendor: "nvidia", name, vramGb: round2(sizeToGb(d.spdisplays_vram)) });
    else if (vendorText.includes("intel")) gpus.push({ vendor: "intel", name, vramGb: 0 });
    else gpus.push({ vendor: "other", name, vramGb: 0 });
  }
  return gpus;
}
