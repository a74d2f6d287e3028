import { z } from "zod";
import data from "./catalog.json" with { type: "json" };
import { Service } from "./services.js";
import { TierId } from "./tiers.js";

/** Fixed-point decimal as text, e.g. "2.5": complexity is money-relevant, so it never passes through a float. */
export const Decimal = z.string().regex(/^\d+(\.\d{1,6})?$/, "a decimal like 1.5");

export const CatalogModel = z.object({
  /** Ollama tag, the name clients send as `model`. */
  tag: z.string().min(1),
  /** The model as the rewards table names it. */
  family: z.string(),
  service: Service,
  /** Lowest hardware tier that may serve it; also the cap on the reward tier. */
  tier: TierId,
  vramGb: z.number().nonnegative(),
  diskGb: z.number().nonnegative(),
  complexity: Decimal,
});
export type CatalogModel = z.infer<typeof CatalogModel>;

export const Catalog = z.object({ models: z.array(CatalogModel) });
export type Catalog = z.infer<typeof Catalog>;

export const CATALOG: Catalog = Catalog.parse(data);

const byTag = new Map(CATALOG.models.map((m) => [m.tag, m]));

/** Ollama treats `name` and `name:latest` as one model. */
export function normalizeTag(tag: string): string {
  return tag.endsWith(":latest") ? tag.slice(0, -":latest".length) : tag;
}

export function catalogModel(tag: string): CatalogModel | undefined {
  return byTag.get(normalizeTag(tag));
}

/** Unknown models count as complexity 1.0. */
export function modelComplexity(tag: string): string {
  return catalogModel(tag)?.complexity ?? "1.0";
}

/** Models of a service that fit the given VRAM and free disk, largest first. */
export function modelsThatFit(service: Service, vramGb: number, diskFreeGb: number): CatalogModel[] {
  return CATALOG.models
    .filter((m) => m.service === service && m.vramGb <= vramGb && m.diskGb <= diskFreeGb)
    .sort((a, b) => b.vramGb - a.vramGb);
}
