import type { GpuInfo } from "@cxmpute/protocol";

const MIB_PER_GB = 1024;

/** `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits` (memory in MiB). */
export function parseNvidiaSmi(output: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of output.split(/\r?\n/)) {
    const comma = line.lastIndexOf(",");
    if (comma <= 0) continue;
    const name = line.slice(0, comma).trim();
    const mib = Number(line.slice(comma + 1).trim());
    if (!name || !Number.isFinite(mib) || mib < 0) continue;
    gpus.push({ vendor: "nvidia", name: name.slice(0, 200), vramGb: round2(mib / MIB_PER_GB) });
  }
  return gpus;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
