import { z } from "zod";
import { TierId, Service } from "@cxmpute/protocol";
import { statePath } from "./paths.js";
import { readJson, writeSecureJson } from "./secure-file.js";

export const NodeStatus = z.enum(["starting", "active", "offline", "error", "stopping", "stopped"]);
export type NodeStatus = z.infer<typeof NodeStatus>;

/** Written by the running node; read by `status`. Holds no secret. */
export const NodeState = z.object({
  pid: z.number().int(),
  providerId: z.string().nullable(),
  nodeId: z.string().nullable(),
  tier: TierId,
  status: NodeStatus,
  publicUrl: z.string().nullable(),
  localUrl: z.string(),
  services: z.array(Service),
  models: z.array(z.string()),
  orchestratorUrl: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  requests: z.object({ served: z.number().int(), failed: z.number().int(), inFlight: z.number().int(), rejected: z.number().int() }),
  lastError: z.string().nullable(),
});
export type NodeState = z.infer<typeof NodeState>;

export async function writeState(state: NodeState, env: Record<string, string | undefined> = process.env): Promise<void> {
  await writeSecureJson(statePath(env), state);
}

export async function readState(env: Record<string, string | undefined> = process.env): Promise<NodeState | undefined> {
  const parsed = NodeState.safeParse(await readJson(statePath(env)));
  return parsed.success ? parsed.data : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return typeof err === "object" && err !== null && "code" in err && err.code === "EPERM";
  }
}
