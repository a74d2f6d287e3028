import { z } from "zod";

/** Hardware tiers, lowest first. "Blue Surf" in the provider guide is the same tier as Blue Surge. */
export const TierId = z.enum(["basic", "tide-pool", "blue-surge", "open-ocean", "mariana-depth"]);
export type TierId = z.infer<typeof TierId>;

export interface TierInfo {
  id: TierId;
  level: 0 | 1 | 2 | 3 | 4;
  name: string;
  /** Inclusive lower VRAM bound in GB. */
  minVramGb: number;
}

export const TIERS: readonly TierInfo[] = [
  { id: "basic", level: 0, name: "Basic", minVramGb: 0 },
  { id: "tide-pool", level: 1, name: "Tide Pool", minVramGb: 1 },
  { id: "blue-surge", level: 2, name: "Blue Surge", minVramGb: 4 },
  { id: "open-ocean", level: 3, name: "Open Ocean", minVramGb: 8 },
  { id: "mariana-depth", level: 4, name: "Mariana Depth", minVramGb: 22 },
];

export function tierInfo(id: TierId): TierInfo {
  const found = TIERS.find((t) => t.id === id);
  if (!found) throw new Error(`unknown tier ${id}`);
  return found;
}

export function tierLevel(id: TierId): number {
  return tierInfo(id).level;
}

/** Tier from usable VRAM in GB: Basic <1, Tide Pool 1–4, Blue Surge 4–8, Open Ocean 8–22, Mariana Depth ≥22. */
export function tierFromVram(vramGb: number): TierId {
  let tier: TierId = "basic";
  for (const t of TIERS) if (vramGb >= t.minVramGb) tier = t.id;
  return tier;
}

export function minTier(a: TierId, b: TierId): TierId {
  return tierLevel(a) <= tierLevel(b) ? a : b;
}

/** Display label used by the CLI dashboard, e.g. "Mariana Depth (Tier 4 - 22GB+ VRAM)". */
export function tierLabel(id: TierId): string {
  const info = tierInfo(id);
  const next = TIERS[info.level + 1];
  const range = next ? (info.level === 0 ? `<${next.minVramGb}GB` : `${info.minVramGb}-${next.minVramGb}GB`) : `${info.minVramGb}GB+`;
  return `${info.name} (Tier ${info.level} - ${range} VRAM)`;
}
