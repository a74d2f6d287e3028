import { z } from "zod";
import type { GpuInfo } from "@cxmpute/protocol";
import { round2 } from "./parse-nvidia.js";

const GB = 1024 ** 3;
/** Win32_VideoController.AdapterRAM is a uint32: every card with ≥4 GB reports about this. */
export const ADAPTER_RAM_CAP = 4293918720;

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), item.transform((v) => [v]), z.null().transform(() => [])]).optional();

const Controller = z.object({
  Name: z.string().nullable().optional(),
  AdapterRAM: z.number().nullable().optional(),
  AdapterCompatibility: z.string().nullable().optional(),
});
const RegistryEntry = z.object({
  DriverDesc: z.string().nullable().optional(),
  "HardwareInformation.qwMemorySize": z.number().nullable().optional(),
});
const WindowsVideo = z.object({ controllers: oneOrMany(Controller), registry: oneOrMany(RegistryEntry) });

/** The PowerShell script whose JSON output `parseWindowsVideo` reads. */
export const WINDOWS_VIDEO_SCRIPT = [
  "$c = @(Get-CimInstance Win32_VideoController | Select-Object Name,AdapterRAM,AdapterCompatibility);",
  "$r = @(Get-ItemProperty -Path 'HKLM:\\SYSTEM\\ControlSet001\\Control\\Class\\{4d36e968-e325-11ce-bfc1-08002be10318}\\0*' -ErrorAction SilentlyContinue | Select-Object DriverDesc,'HardwareInformation.qwMemorySize');",
  "@{controllers=$c; registry=$r} | ConvertTo-Json -Depth 3",
].join(" ");

function vendorOf(text: string): GpuInfo["vendor"] {
  const t = text.toLowerCase();
  if (t.includes("nvidia")) return "nvidia";
  if (t.includes("advanced micro devices") || /\bamd\b|radeon/.test(t)) return "amd";
  if (t.includes("intel")) return "intel";
  return "other";
}

/**
 * Windows video controllers. AdapterRAM caps at 4 GB, so a capped value is replaced by the
 * 64-bit `HardwareInformation.qwMemorySize` from the display driver's registry key when present.
 */
export function parseWindowsVideo(output: string): GpuInfo[] {
  let json: unknown;
  try {
    json = JSON.parse(output.replace(/^\uFEFF/, ""));
  } catch {
    return [];
  }
  const parsed = WindowsVideo.safeParse(json);
  if (!parsed.success) return [];
  const registry = parsed.data.registry ?? [];
  const gpus: GpuInfo[] = [];
  for (const c of parsed.data.controllers ?? []) {
    const name = (c.Name ?? "GPU").slice(0, 200);
    const vendor = vendorOf(`${c.AdapterCompatibility ?? ""} ${name}`);
    let bytes = c.AdapterRAM ?? 0;
    if (bytes < 0) bytes += 2 ** 32; // some drivers report it as a signed int32
    if (bytes >= ADAPTER_RAM_CAP) {
      const reg = registry.find((r) => r.DriverDesc === c.Name)?.["HardwareInformation.qwMemorySize"];
      if (typeof reg === "number" && reg > bytes) bytes = reg;
    }
    gpus.push({ vendor, name, vramGb: vendor === "intel" || vendor === "other" ? 0 : round2(bytes / GB) });
  }
  return gpus;
}
