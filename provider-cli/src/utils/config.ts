import { z } from "zod";
import { Service } from "@cxmpute/protocol";
import { configPath } from "./paths.js";
import { readJson, writeSecureJson } from "./secure-file.js";

export const TunnelMode = z.enum(["quick", "named", "none"]);
export type TunnelMode = z.infer<typeof TunnelMode>;

/** What the wizard or `start` saved; the provider secret lives here, so the file is 0600. */
export const ProviderConfig = z.object({
  orchestratorUrl: z.url({ protocol: /^https?$/ }).optional(),
  providerId: z.string().min(1).optional(),
  providerSecret: z.string().min(1).optional(),
  services: z.array(Service).optional(),
  models: z.array(z.string().min(1)).optional(),
  tunnel: TunnelMode.optional(),
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  port: z.number().int().min(0).max(65535).optional(),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

export async function loadConfig(env: Record<string, string | undefined> = process.env): Promise<ProviderConfig> {
  const raw = await readJson(configPath(env));
  const parsed = ProviderConfig.safeParse(raw ?? {});
  // A damaged config is treated as absent rather than blocking startup; the wizard rewrites it.
  return parsed.success ? parsed.data : {};
}

export async function saveConfig(config: ProviderConfig, env: Record<string, string | undefined> = process.env): Promise<void> {
  await writeSecureJson(configPath(env), ProviderConfig.parse(config));
}
