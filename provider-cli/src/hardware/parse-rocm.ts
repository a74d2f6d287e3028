import { z } from "zod";
import type { GpuInfo } from "@cxmpute/protocol";
import { round2 } from "./parse-nvidia.js";

const GB = 1024 ** 3;
const RocmOutput = z.record(z.string(), z.record(z.string(), z.unknown()));

function field(card: Record<string, unknown>, ...names: string[]): string | undefined {
  const wanted = names.map((n) => n.toLowerCase());
  for (const [k, v] of Object.entries(card)) {
    if (wanted.includes(k.toLowerCase()) && (typeof v === "string" || typeof v === "number")) return String(v);
  }
  return undefined;
}

/** `rocm-smi --showproductname --showmeminfo vram --json`: one object per `cardN`. */
export function parseRocmSmi(output: string): GpuInfo[] {
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch {
    return [];
  }
  const parsed = RocmOutput.safeParse(json);
  if (!parsed.success) return [];
  const gpus: GpuInfo[] = [];
  for (const [key, card] of Object.entries(parsed.data)) {
    if (!/^card\d+$/i.test(key)) continue;
    const bytes = Number(field(card, "VRAM Total Memory (B)") ?? NaN);
    if (!Number.isFinite(bytes) || bytes < 0) continue;
    const name = field(card, "Card Series", "Device Name", "Card Model") ?? "AMD GPU";
    gpus.push({ vendor: "amd", name: name.slice(0, 200), vramGb: round2(bytes / GB) });
  }
  return gpus;
}
