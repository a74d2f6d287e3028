import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../../fixtures/wrangler-dev/index.js";
import type { Api, ProviderSignup } from "./api.js";
import { PollAbort, pollUntil } from "./poll.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const CLI = join(ROOT, "provider-cli/dist/cli.js");
const CLOUDFLARED_STUB = join(ROOT, "test/fixtures/cloudflared-stub/cloudflared.mjs");

export interface ProviderSpec {
  account: ProviderSignup;
  vramGb: number;
  services: string[];
  models: string[];
  ollamaUrl: string;
  capacity?: number;
}

export interface ProviderProcess {
  child: ChildProcess;
  port: number;
  home: string;
  output(): string;
  /** SIGTERM (drain) or SIGKILL, then wait for the exit; bounded. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A recorded hardware profile: this machine has no GPU, and the tier must come from the spec. */
function hardwareFile(dir: string, vramGb: number): string {
  const hw = {
    os: "linux", arch: "x64", cpuModel: "E2E CPU", cpuCores: 8, ramGb: 32, diskFreeGb: 200,
    gpus: [{ vendor: "nvidia", name: `E2E GPU ${vramGb} GB`, vramGb }], vramGb,
  };
  const file = join(dir, "hardware.json");
  writeFileSync(file, JSON.stringify(hw));
  return file;
}

/**
 * The real provider CLI (`start`, non-interactive) using an existing registration, reachable at
 * a loopback public URL, with scrape allowed to reach loopback through its documented test switch.
 */
export async function startProvider(orchestratorUrl: string, spec: ProviderSpec): Promise<ProviderProcess> {
  const home = mkdtempSync(join(tmpdir(), "cx-e2e-home-"));
  const port = await freePort();
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CXMPUTE_") && k !== "OLLAMA_HOST" && k !== "CLOUDFLARED_BIN"));
  const env = {
    ...base,
    CXMPUTE_HOME: home,
    CXMPUTE_PROVIDER_ID: spec.account.providerId,
    CXMPUTE_PROVIDER_SECRET: spec.account.providerSecret,
    CXMPUTE_SCRAPE_ALLOW_LOOPBACK: "1",
    CXMPUTE_DRAIN_MS: "2000",
    CLOUDFLARED_BIN: CLOUDFLARED_STUB,
  };
  const args = [
    CLI, "start",
    "--orchestrator", orchestratorUrl,
    "--ollama-url", spec.ollamaUrl,
    "--port", String(port),
    "--public-url", `http://127.0.0.1:${port}`,
    "--tunnel", "none",
    "--services", spec.services.join(","),
    "--models", spec.models.join(","),
    "--hardware", hardwareFile(home, spec.vramGb),
    ...(spec.capacity ? ["--capacity", String(spec.capacity)] : []),
    "--yes",
  ];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  let stopped = false;
  return {
    child,
    port,
    home,
    output: () => out,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        // A stopped (SIGSTOP) process ignores SIGTERM until continued.
        child.kill("SIGCONT");
        child.kill(signal);
        const t = setTimeout(() => child.kill("SIGKILL"), 8000);
        await exited;
        clearTimeout(t);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Waits until the orchestrator lists one of the provider's nodes as active at this port. */
export async function waitActive(api: Api, account: ProviderSignup, proc: ProviderProcess, timeoutMs = 45_000): Promise<string> {
  return pollUntil(
    async () => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new PollAbort(`provider CLI exited (code ${proc.child.exitCode}, signal ${proc.child.signalCode})`);
      const list = await api.nodes(account);
      return list.data.find((n) => n.status === "active" && n.publicUrl.endsWith(`:${proc.port}`))?.nodeId;
    },
    { timeoutMs, intervalMs: 250, what: `provider ${account.providerId} active` },
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}\nCLI output:\n${proc.output().slice(-2000)}`);
  });
}
