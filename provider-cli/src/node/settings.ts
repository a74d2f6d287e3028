import type { HardwareProfile } from "@cxmpute/protocol";
import { detectHardware, loadHardwareFile } from "../hardware/index.js";
import type { Registration } from "../orchestrator/index.js";
import { CliError } from "../utils/cli-error.js";
import type { ProviderConfig } from "../utils/config.js";

type Env = Record<string, string | undefined>;

export function resolveOrchestratorUrl(option: string | undefined, env: Env, config: ProviderConfig): string | undefined {
  const raw = option ?? env.CXMPUTE_ORCHESTRATOR_URL ?? config.orchestratorUrl;
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    return url.toString().replace(/\/+$/, "");
  } catch {
    throw new CliError(`Invalid orchestrator URL "${raw}"`, "pass --orchestrator https://… (or set CXMPUTE_ORCHESTRATOR_URL)");
  }
}

/** CXMPUTE_PROVIDER_ID + CXMPUTE_PROVIDER_SECRET win over the saved registration. */
export function resolveCredentials(env: Env, config: ProviderConfig): Registration | undefined {
  const id = env.CXMPUTE_PROVIDER_ID;
  const secret = env.CXMPUTE_PROVIDER_SECRET;
  if (id || secret) {
    if (!id || !secret) throw new CliError("CXMPUTE_PROVIDER_ID and CXMPUTE_PROVIDER_SECRET must be set together", "set both, or neither to use the saved registration");
    return { providerId: id, providerSecret: secret };
  }
  if (config.providerId && config.providerSecret) return { providerId: config.providerId, providerSecret: config.providerSecret };
  return undefined;
}

export async function resolveHardware(file: string | undefined): Promise<HardwareProfile> {
  return file ? loadHardwareFile(file) : detectHardware();
}
