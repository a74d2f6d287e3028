import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../../fixtures/fake-ollama/index.js";
import { startOrchestrator, type Orchestrator } from "../../fixtures/wrangler-dev/index.js";
import { Api, type ProviderSignup } from "./api.js";
import { startProvider, waitActive, type ProviderProcess, type ProviderSpec } from "./provider.js";

export interface RunningProvider {
  account: ProviderSignup;
  ollama: FakeOllama;
  proc: ProviderProcess;
  nodeId: string;
  spec: ProviderSpec;
}

/** Owns everything a suite starts, so one `close()` in afterAll stops it all (in reverse order). */
export class Stack {
  readonly providers: RunningProvider[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  private constructor(readonly orch: Orchestrator, readonly api: Api) {}

  static async start(vars: Record<string, string> = {}): Promise<Stack> {
    const orch = await startOrchestrator({ vars: { HEARTBEAT_INTERVAL_MS: "2000", ...vars } });
    const s = new Stack(orch, new Api(orch.url));
    s.closers.push(() => orch.stop());
    return s;
  }

  defer(fn: () => Promise<void>): void {
    this.closers.push(fn);
  }

  /** A fake Ollama of its own (so the suite can tell which node served a request) and the real CLI. */
  async addProvider(account: ProviderSignup, spec: Omit<ProviderSpec, "account" | "ollamaUrl">, ollamaOpts: Pick<FakeOllamaOptions, "responseDelayMs" | "chunkDelayMs"> = {}): Promise<RunningProvider> {
    const ollama = await startFakeOllama({ models: spec.models, ...ollamaOpts });
    this.closers.push(() => ollama.close());
    const full: ProviderSpec = { ...spec, account, ollamaUrl: ollama.url };
    const proc = await startProvider(this.orch.url, full);
    this.closers.push(() => proc.stop("SIGKILL"));
    const nodeId = await waitActive(this.api, account, proc);
    const p = { account, ollama, proc, nodeId, spec: full };
    this.providers.push(p);
    return p;
  }

  async close(): Promise<void> {
    for (const c of this.closers.reverse()) await c().catch(() => undefined);
  }
}
