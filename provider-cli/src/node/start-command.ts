import { createInterface } from "node:readline/promises";
import { tierFromVram, tierLabel } from "@cxmpute/protocol";
import type { StartOptions } from "../commands/start.js";
import { ollamaBaseUrl } from "../ollama/index.js";
import { CliError } from "../utils/cli-error.js";
import { loadConfig } from "../utils/config.js";
import { resolveCredentials, resolveHardware, resolveOrchestratorUrl } from "./settings.js";
import { startProvider } from "./start-provider.js";

export const DEFAULT_PORT = 8686;

export async function runStartCommand(o: StartOptions): Promise<void> {
  const env = process.env;
  const config = await loadConfig(env);
  const orchestratorUrl = resolveOrchestratorUrl(o.orchestrator, env, config);
  if (!orchestratorUrl) throw new CliError("No orchestrator URL", "pass --orchestrator <url> or set CXMPUTE_ORCHESTRATOR_URL");
  const credentials = resolveCredentials(env, config);
  const hardware = await resolveHardware(o.hardware);
  const publicUrl = o.publicUrl ?? (o.tunnel === undefined ? config.publicUrl : undefined);
  const tunnel = o.tunnel ?? (publicUrl ? "none" : (config.tunnel ?? "quick"));
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);

  process.stdout.write(`Hardware: ${hardware.cpuModel}, ${hardware.ramGb} GB RAM, ${hardware.vramGb} GB usable VRAM → ${tierLabel(tierFromVram(hardware.vramGb))}\n`);
  if (interactive && !o.yes) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = (await rl.question(`Start providing to ${orchestratorUrl}? (Y/n) `)).trim().toLowerCase();
    rl.close();
    if (answer === "n" || answer === "no") throw new CliError("Cancelled", "run again and answer yes, or pass --yes");
  }

  await startProvider({
    orchestratorUrl,
    ollamaUrl: ollamaBaseUrl(o.ollamaUrl, env),
    port: o.port ?? config.port ?? DEFAULT_PORT,
    tunnel,
    ...(publicUrl ? { publicUrl } : {}),
    ...(o.tunnelToken ? { tunnelToken: o.tunnelToken } : {}),
    ...(o.referral ? { referral: o.referral } : {}),
    ...(o.services ?? config.services ? { services: o.services ?? config.services } : {}),
    ...(o.models ?? config.models ? { models: o.models ?? config.models } : {}),
    ...(o.capacity ? { capacity: o.capacity } : {}),
    hardware,
    ...(credentials ? { credentials } : {}),
    explicitServices: o.services !== undefined,
    dashboard: interactive,
  });
}
