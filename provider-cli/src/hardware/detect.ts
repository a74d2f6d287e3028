import { cpus, totalmem, arch as osArch, homedir } from "node:os";
import { statfs } from "node:fs/promises";
import { execa } from "execa";
import { HardwareProfile, type GpuInfo } from "@cxmpute/protocol";
import { parseNvidiaSmi, round2 } from "./parse-nvidia.js";
import { parseRocmSmi } from "./parse-rocm.js";
import { parseSystemProfiler } from "./parse-apple.js";
import { parseWindowsVideo, WINDOWS_VIDEO_SCRIPT } from "./parse-windows.js";
import { usableVramGb } from "./usable-vram.js";

const GB = 1024 ** 3;
/** Each probe gets this long; they run in parallel so detection stays under 2 s in total. */
const PROBE_TIMEOUT_MS = 1500;

/** Runs a tool with an argument array; a missing tool, failure or timeout yields "". */
async function probe(file: string, args: string[]): Promise<string> {
  try {
    const r = await execa(file, args, { timeout: PROBE_TIMEOUT_MS, reject: false, stdin: "ignore", windowsHide: true });
    return r.exitCode === 0 && typeof r.stdout === "string" ? r.stdout : "";
  } catch {
    return "";
  }
}

async function detectGpus(platform: NodeJS.Platform): Promise<GpuInfo[]> {
  const nvidiaArgs = ["--query-gpu=name,memory.total", "--format=csv,noheader,nounits"];
  if (platform === "darwin") {
    const [sp, mem] = await Promise.all([
      probe("system_profiler", ["SPDisplaysDataType", "-json"]),
      probe("sysctl", ["-n", "hw.memsize"]),
    ]);
    return parseSystemProfiler(sp, mem || String(totalmem()));
  }
  if (platform === "win32") {
    const [nv, ps] = await Promise.all([
      probe("nvidia-smi", nvidiaArgs),
      probe("powershell.exe", ["-NoProfile", "-NonInteractive", "-Command", WINDOWS_VIDEO_SCRIPT]),
    ]);
    const nvidia = parseNvidiaSmi(nv);
    const others = parseWindowsVideo(ps);
    // nvidia-smi reports exact memory, so it replaces the capped WMI entries for NVIDIA cards.
    return nvidia.length > 0 ? [...nvidia, ...others.filter((g) => g.vendor !== "nvidia")] : others;
  }
  const [nv, rocm] = await Promise.all([
    probe("nvidia-smi", nvidiaArgs),
    probe("rocm-smi", ["--showproductname", "--showmeminfo", "vram", "--json"]),
  ]);
  return [...parseNvidiaSmi(nv), ...parseRocmSmi(rocm)];
}

async function freeDiskGb(path: string): Promise<number> {
  try {
    const s = await statfs(path);
    return round2((Number(s.bavail) * Number(s.bsize)) / GB);
  } catch {
    return 0;
  }
}

function osName(platform: NodeJS.Platform): HardwareProfile["os"] {
  return platform === "darwin" || platform === "linux" || platform === "win32" ? platform : "other";
}

/** Probes this machine. Never throws: anything it cannot see counts as absent (CPU-only). */
export async function detectHardware(platform: NodeJS.Platform = process.platform): Promise<HardwareProfile> {
  const [gpus, diskFreeGb] = await Promise.all([detectGpus(platform), freeDiskGb(homedir())]);
  const cpuList = cpus();
  return HardwareProfile.parse({
    os: osName(platform),
    arch: osArch(),
    cpuModel: (cpuList[0]?.model ?? "unknown").trim().slice(0, 200) || "unknown",
    cpuCores: Math.max(1, cpuList.length),
    ramGb: round2(totalmem() / GB),
    diskFreeGb,
    gpus: gpus.slice(0, 64),
    vramGb: usableVramGb(gpus),
  });
}
