import { Service, tierFromVram, tierLabel } from "@cxmpute/protocol";
import { defaultServices, modelChoices } from "../node/defaults.js";
import { resolveCredentials, resolveHardware, resolveOrchestratorUrl } from "../node/settings.js";
import { DEFAULT_PORT } from "../node/start-command.js";
import { startProvider } from "../node/start-provider.js";
import { ollamaBaseUrl } from "../ollama/index.js";
import type { Registration } from "../orchestrator/index.js";
import { CliError } from "../utils/cli-error.js";
import { loadConfig, type TunnelMode } from "../utils/config.js";
import { BANNER } from "./banner.js";
import { Prompter } from "./prompter.js";

const SERVICE_HELP: Record<Service, string> = {
  chat: "LLM inference (4GB+ VRAM recommended)",
  embeddings: "embeddings (2GB+ VRAM)",
  tts: "text-to-speech (1GB+ VRAM or a good CPU)",
  scrape: "web scraping (any machine, good internet)",
};

/** The provider guide's setup wizard, then the live dashboard. */
export async function runWizard(opts: { hardware?: string }): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CliError("The setup wizard needs an interactive terminal", "run `cxmpute-provider start --orchestrator <url> --yes` instead");
  }
  const env = process.env;
  const config = await loadConfig(env);
  process.stdout.write(`\n${BANNER}\n\n🔧 SETUP WIZARD\n\n`);

  process.stdout.write("1. Hardware detection\n");
  const hw = await resolveHardware(opts.hardware);
  const tier = tierFromVram(hw.vramGb);
  const gpus = hw.gpus.length ? hw.gpus.map((g) => `${g.name} (${g.vramGb} GB)`).join(", ") : "none (CPU only)";
  process.stdout.write(
    `   OS ${hw.os} ${hw.arch} · CPU ${hw.cpuModel} (${hw.cpuCores} cores) · RAM ${hw.ramGb} GB · free disk ${hw.diskFreeGb} GB\n` +
      `   GPU ${gpus} · usable VRAM ${hw.vramGb} GB\n   Device tier: ${tierLabel(tier)}\n\n`,
  );

  const p = new Prompter();
  try {
    process.stdout.write("2. Provider registration\n");
    const orchestratorRaw = await p.ask("Orchestrator URL", resolveOrchestratorUrl(undefined, env, config) ?? "https://cxmpute.cloud");
    const orchestratorUrl = resolveOrchestratorUrl(orchestratorRaw, {}, {});
    if (!orchestratorUrl) throw new CliError("No orchestrator URL", "run the wizard again and enter a URL");
    let credentials: Registration | undefined = resolveCredentials(env, config);
    let referral: string | undefined;
    if (credentials && (await p.confirm(`Use the saved provider ${credentials.providerId}?`))) {
      // keep it
    } else {
      credentials = undefined;
      const kind = await p.choose("Register", ["new provider", "existing provider (id + secret)"]);
      if (kind.startsWith("existing")) {
        const providerId = await p.ask("Provider ID");
        const providerSecret = await p.secret("Provider secret");
        if (!providerId || !providerSecret) throw new CliError("Provider ID and secret are both needed", "run the wizard again, or register a new provider");
        credentials = { providerId, providerSecret };
      } else {
        referral = (await p.ask("Referral code (optional, press Enter to skip)")) || undefined;
      }
    }

    process.stdout.write("\n3. Service configuration\n");
    const defaults = defaultServices(hw);
    for (const s of Service.options) process.stdout.write(`   ${defaults.includes(s) ? "●" : "○"} ${s.padEnd(11)} ${SERVICE_HELP[s]}\n`);
    let services: Service[] = [];
    for (let tries = 0; tries < 5 && services.length === 0; tries++) {
      const answer = await p.ask("Services (comma separated)", defaults.join(","));
      const parsed = answer.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = parsed.filter((s) => !Service.safeParse(s).success);
      if (bad.length) process.stdout.write(`   Unknown: ${bad.join(", ")}. Choose from ${Service.options.join(", ")}.\n`);
      else services = parsed.map((s) => Service.parse(s));
    }
    if (services.length === 0) throw new CliError("No services chosen", "run the wizard again");

    const models: string[] = [];
    for (const service of ["chat", "embeddings"] as const) {
      if (!services.includes(service)) continue;
      const choices = modelChoices(service, hw);
      if (choices.length === 0) {
        process.stdout.write(`   No ${service} model fits ${hw.vramGb} GB VRAM / ${hw.diskFreeGb} GB disk; ${service} disabled.\n`);
        services = services.filter((s) => s !== service);
        continue;
      }
      process.stdout.write(`   ${service} models that fit this machine:\n`);
      models.push(await p.choose(`${service} model`, choices));
    }

    process.stdout.write("\n4. Network setup\n");
    const tunnelChoice = await p.choose("Tunnel", ["quick (trycloudflare, for trying out)", "named (token from Cloudflare / the orchestrator)", "none (I have a public URL)"], config.tunnel === "none" ? 2 : config.tunnel === "named" ? 1 : 0);
    const tunnel: TunnelMode = tunnelChoice.startsWith("quick") ? "quick" : tunnelChoice.startsWith("named") ? "named" : "none";
    const portText = await p.ask("Local port", String(config.port ?? DEFAULT_PORT));
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`Invalid port ${portText}`, "use a number between 1024 and 65535");
    let publicUrl: string | undefined;
    let tunnelToken: string | undefined;
    if (tunnel === "none") publicUrl = await p.ask("Public URL of this node", config.publicUrl ?? `http://127.0.0.1:${port}`);
    if (tunnel === "named") {
      tunnelToken = (await p.secret("Tunnel token (Enter to get one from the orchestrator)")) || undefined;
      if (tunnelToken) publicUrl = await p.ask("Hostname routed to the tunnel (https://…)");
    }
    if (publicUrl) {
      try {
        new URL(publicUrl);
      } catch {
        throw new CliError(`Invalid public URL ${publicUrl}`, "enter a full URL such as https://node.example.com");
      }
    }
    p.close();
    process.stdout.write("\n");

    await startProvider({
      orchestratorUrl,
      ollamaUrl: ollamaBaseUrl(undefined, env),
      port,
      tunnel,
      ...(publicUrl ? { publicUrl } : {}),
      ...(tunnelToken ? { tunnelToken } : {}),
      ...(referral ? { referral } : {}),
      services,
      models,
      hardware: hw,
      ...(credentials ? { credentials } : {}),
      explicitServices: true,
      dashboard: true,
    });
  } finally {
    p.close();
  }
}
