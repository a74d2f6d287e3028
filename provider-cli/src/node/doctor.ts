import { access, constants, mkdir } from "node:fs/promises";
import { execa } from "execa";
import { tierFromVram, tierLabel } from "@cxmpute/protocol";
import { OllamaClient, ollamaBaseUrl } from "../ollama/index.js";
import { ttsAvailable } from "../server/index.js";
import { cloudflaredBin } from "../tunnel/index.js";
import { loadConfig } from "../utils/config.js";
import { describeError } from "../utils/handle-error.js";
import { homeDir, logDir } from "../utils/paths.js";
import { resolveHardware, resolveOrchestratorUrl } from "./settings.js";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** Optional checks warn instead of failing the doctor. */
  optional?: boolean;
}

async function check(name: string, fn: () => Promise<string>, optional = false): Promise<Check> {
  try {
    return { name, ok: true, detail: await fn(), optional };
  } catch (err) {
    const d = describeError(err);
    return { name, ok: false, detail: `${d.message}. Fix: ${d.fix}`, optional };
  }
}

export async function runDoctor(opts: { ollamaUrl?: string; orchestrator?: string; hardware?: string }): Promise<boolean> {
  const env = process.env;
  const config = await loadConfig(env);
  const checks = await Promise.all([
    check("hardware", async () => {
      const t = performance.now();
      const hw = await resolveHardware(opts.hardware);
      const gpus = hw.gpus.map((g) => `${g.name} ${g.vramGb} GB`).join(", ") || "no GPU";
      return `${hw.cpuCores} cores, ${hw.ramGb} GB RAM, ${hw.diskFreeGb} GB free, ${gpus} → ${tierLabel(tierFromVram(hw.vramGb))} (${Math.round(performance.now() - t)} ms)`;
    }),
    check("ollama", async () => {
      const client = new OllamaClient(ollamaBaseUrl(opts.ollamaUrl, env));
      const version = await client.version();
      const models = await client.listModels();
      return `Ollama ${version} at ${client.baseUrl}; models: ${models.join(", ") || "none yet"}`;
    }),
    check("tts", async () => {
      if (!(await ttsAvailable())) throw Object.assign(new Error("espeak-ng not found"), {});
      return "espeak-ng available";
    }, true),
    check("cloudflared", async () => {
      const bin = await cloudflaredBin(env);
      if (!bin.installed) return `not installed yet at ${bin.path} (downloaded on first --tunnel quick|named; or use --public-url)`;
      const r = await execa(bin.path, ["--version"], { timeout: 5000, reject: false, stdin: "ignore" });
      if (r.exitCode !== 0) throw new Error(`${bin.path} --version failed`);
      return `${String(r.stdout).trim().split("\n")[0] ?? "cloudflared"} (${bin.path})`;
    }, true),
    check("orchestrator", async () => {
      const url = resolveOrchestratorUrl(opts.orchestrator, env, config);
      if (!url) return "not configured (pass --orchestrator to check it)";
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      if (!res) throw new Error(`cannot reach ${url}`);
      return `${url} answered ${res.status}`;
    }),
    check("home", async () => {
      const dir = homeDir(env);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await access(dir, constants.W_OK);
      return `${dir} (logs in ${logDir(env)})`;
    }),
  ]);
  for (const c of checks) {
    const mark = c.ok ? "✓" : c.optional ? "!" : "✗";
    process.stdout.write(`${mark} ${c.name.padEnd(12)} ${c.detail}\n`);
  }
  return checks.every((c) => c.ok || c.optional);
}
