import { catalogModel, tierFromVram, type HardwareProfile, type Service } from "@cxmpute/protocol";
import { OllamaClient, ensureModels, progressPrinter } from "../ollama/index.js";
import { OrchestratorClient, type Registration } from "../orchestrator/index.js";
import { ttsAvailable } from "../server/index.js";
import { CliError } from "../utils/cli-error.js";
import { loadConfig, saveConfig, type TunnelMode } from "../utils/config.js";
import { createLogger } from "../utils/logger.js";
import { cliVersion } from "../utils/version.js";
import { defaultCapacity, defaultModels, defaultServices } from "./defaults.js";
import { runNode } from "./run-node.js";

export interface StartSettings {
  orchestratorUrl: string;
  ollamaUrl: string;
  port: number;
  tunnel: TunnelMode;
  publicUrl?: string;
  tunnelToken?: string;
  referral?: string;
  services?: Service[];
  models?: string[];
  capacity?: number;
  hardware: HardwareProfile;
  credentials?: Registration;
  /** Services were chosen explicitly (a missing engine is then an error, not a silent drop). */
  explicitServices: boolean;
  dashboard: boolean;
}

const OLLAMA_SERVICES: Service[] = ["chat", "embeddings"];

/** Everything after the settings are known: Ollama, models, registration, then the node. */
export async function startProvider(s: StartSettings): Promise<void> {
  const env = process.env;
  const logger = createLogger({ echo: !s.dashboard, env });
  const say = (msg: string) => {
    process.stdout.write(`${msg}\n`);
    logger.info(msg);
  };
  let services = s.services ?? defaultServices(s.hardware);
  const wanted = s.models ?? defaultModels(services, s.hardware);
  const ollamaModels = wanted.filter((m) => {
    const c = catalogModel(m);
    return !c || OLLAMA_SERVICES.includes(c.service);
  });

  if (services.includes("tts") && !(await ttsAvailable())) {
    if (s.explicitServices) throw new CliError("TTS needs espeak-ng, which is not installed", "install it (apt-get install espeak-ng / brew install espeak-ng / choco install espeak-ng) or drop tts from --services");
    say("espeak-ng not found: TTS disabled (install espeak-ng to enable it)");
    services = services.filter((x) => x !== "tts");
  }
  const needsOllama = services.some((x) => OLLAMA_SERVICES.includes(x));
  if (needsOllama) {
    if (ollamaModels.length === 0) throw new CliError("No model fits this machine for chat/embeddings", "pass --models <tag> or drop chat/embeddings from --services");
    const ollama = new OllamaClient(s.ollamaUrl);
    const version = await ollama.version();
    say(`Ollama ${version} at ${s.ollamaUrl}`);
    const bar = progressPrinter();
    const { pulled, present } = await ensureModels(ollama, ollamaModels, bar.onProgress, (m) => say(`Pulling ${m}…`)).finally(() => bar.done());
    if (present.length) say(`Already installed: ${present.join(", ")}`);
    if (pulled.length) say(`Pulled: ${pulled.join(", ")}`);
  }

  const orchestrator0 = new OrchestratorClient(s.orchestratorUrl);
  let creds = s.credentials;
  if (!creds) {
    creds = await orchestrator0.register(s.referral);
    say(`Registered new provider ${creds.providerId}`);
  } else if (s.referral) {
    const applied = await new OrchestratorClient(s.orchestratorUrl, creds).applyReferral(s.referral);
    say(applied ? `Referral code ${s.referral} applied` : "A referral code was already applied to this provider; keeping it");
  }
  const config = await loadConfig(env);
  await saveConfig(
    {
      ...config,
      orchestratorUrl: s.orchestratorUrl,
      providerId: creds.providerId,
      providerSecret: creds.providerSecret,
      services,
      models: ollamaModels,
      tunnel: s.tunnel,
      ...(s.publicUrl ? { publicUrl: s.publicUrl } : {}),
      port: s.port,
    },
    env,
  );

  const announced = [...(needsOllama ? ollamaModels : []), ...(services.includes("tts") ? ["espeak-ng"] : []), ...(services.includes("scrape") ? ["scrape"] : [])];
  await runNode({
    orchestrator: new OrchestratorClient(s.orchestratorUrl, creds),
    providerId: creds.providerId,
    hardware: s.hardware,
    tier: tierFromVram(s.hardware.vramGb),
    services,
    models: announced,
    capacity: s.capacity ?? defaultCapacity(s.hardware),
    ollamaUrl: s.ollamaUrl,
    ...(needsOllama ? { healthCheck: () => new OllamaClient(s.ollamaUrl).version().then(() => true, () => false) } : {}),
    port: s.port,
    tunnel: s.tunnel,
    ...(s.publicUrl ? { publicUrl: s.publicUrl } : {}),
    ...(s.tunnelToken ? { tunnelToken: s.tunnelToken } : {}),
    version: cliVersion(),
    logger,
    dashboard: s.dashboard,
    env,
  });
}
