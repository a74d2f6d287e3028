import { env } from "cloudflare:workers";
import type { NodeAnnounce, TierId } from "@cxmpute/protocol";
import { call, json, signupProvider } from "./index";

export type Mode = "ok" | "fail" | "die-mid-stream" | "stall" | "slow-first-token" | "die-mid-body" | "drip";

let counter = 0;

export interface FakeNode {
  name: string;
  providerId: string;
  providerSecret: string;
  nodeId: string;
  nodeSecret: string;
  tier: TierId;
  configure(cfg: { mode?: Mode; latencyMs?: number; inflate?: number }): Promise<void>;
  stats(): Promise<{ served: number; refused: Record<string, number> }>;
}

const VRAM: Record<TierId, number> = { basic: 0, "tide-pool": 2, "blue-surge": 6, "open-ocean": 16, "mariana-depth": 48 };

/** Registers a provider and announces one fake node (test/fixtures/fake-node) through the real API. */
export async function startFakeNode(opts: {
  models: string[];
  services?: NodeAnnounce["services"];
  tier?: TierId;
  capacity?: number;
  mode?: Mode;
  latencyMs?: number;
  inflate?: number;
}): Promise<FakeNode> {
  const name = `n${++counter}x${Math.floor(Math.random() * 1e9)}`;
  const { providerId, providerSecret } = await signupProvider();
  const tier = opts.tier ?? "blue-surge";
  const announce: NodeAnnounce = {
    publicUrl: `${env.FAKE_NODE_URL}/n/${name}`,
    hardware: { os: "linux", arch: "x64", cpuModel: "test", cpuCores: 8, ramGb: 32, diskFreeGb: 100, gpus: [], vramGb: VRAM[tier] },
    tier,
    services: opts.services ?? ["chat", "embeddings", "tts", "scrape"],
    models: opts.models,
    capacity: opts.capacity ?? 8,
    version: "test",
  };
  const res = await call(`/api/providers/${providerId}/nodes`, { body: announce, token: providerSecret });
  if (res.status !== 201) throw new Error(`announce failed: ${res.status} ${await res.text()}`);
  const { nodeId, nodeSecret } = await json<{ nodeId: string; nodeSecret: string }>(res);
  const control = `${env.FAKE_NODE_URL}/__node/${name}`;
  const configure: FakeNode["configure"] = async (cfg) => {
    const r = await fetch(control, { method: "POST", body: JSON.stringify({ secret: nodeSecret, mode: opts.mode, latencyMs: opts.latencyMs, inflate: opts.inflate, ...cfg }) });
    await r.body?.cancel();
  };
  await configure({});
  return {
    name,
    providerId,
    providerSecret,
    nodeId,
    nodeSecret,
    tier,
    configure,
    stats: async () => (await (await fetch(control)).json()) as { served: number; refused: Record<string, number> },
  };
}

export function uniqueModel(prefix = "test-model"): string {
  return `${prefix}-${++counter}-${Math.floor(Math.random() * 1e9)}`;
}
