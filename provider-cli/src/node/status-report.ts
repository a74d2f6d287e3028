import { tierLabel, type TierId } from "@cxmpute/protocol";
import { loadConfig } from "../utils/config.js";
import { homeDir } from "../utils/paths.js";
import { isAlive, readState } from "../utils/state.js";

export interface StatusReport {
  providerId: string | null;
  nodeId: string | null;
  tier: TierId | null;
  status: "starting" | "active" | "offline" | "error" | "stopping" | "stopped" | "not-running";
  running: boolean;
  pid: number | null;
  publicUrl: string | null;
  localUrl: string | null;
  orchestratorUrl: string | null;
  services: string[];
  models: string[];
  requests: { served: number; failed: number; inFlight: number; rejected: number } | null;
  lastError: string | null;
  updatedAt: string | null;
  home: string;
}

export async function nodeStatus(env: Record<string, string | undefined> = process.env): Promise<StatusReport> {
  const [state, config] = await Promise.all([readState(env), loadConfig(env)]);
  const running = state ? isAlive(state.pid) && state.status !== "stopped" : false;
  // A state file left by a killed process must not claim the node is still active.
  const status: StatusReport["status"] = !state ? "not-running" : running ? state.status : state.status === "stopped" ? "stopped" : "offline";
  return {
    providerId: state?.providerId ?? config.providerId ?? null,
    nodeId: running ? (state?.nodeId ?? null) : null,
    tier: state?.tier ?? null,
    status,
    running,
    pid: running ? (state?.pid ?? null) : null,
    publicUrl: running ? (state?.publicUrl ?? null) : null,
    localUrl: running ? (state?.localUrl ?? null) : null,
    orchestratorUrl: state?.orchestratorUrl ?? config.orchestratorUrl ?? null,
    services: state?.services ?? config.services ?? [],
    models: state?.models ?? config.models ?? [],
    requests: state?.requests ?? null,
    lastError: state?.lastError ?? null,
    updatedAt: state?.updatedAt ?? null,
    home: homeDir(env),
  };
}

export function formatStatus(r: StatusReport): string {
  const dot = r.status === "active" ? "\x1b[32m●\x1b[39m" : r.status === "starting" || r.status === "stopping" ? "\x1b[33m●\x1b[39m" : "\x1b[31m●\x1b[39m";
  const color = process.stdout.isTTY;
  const lines = [
    `${color ? dot : "●"} STATUS: ${r.status.toUpperCase()}`,
    `Provider/referral id: ${r.providerId ?? "— (not registered)"}`,
    `Node id:              ${r.nodeId ?? "—"}`,
    `Device tier:          ${r.tier ? tierLabel(r.tier) : "—"}`,
    `Public URL:           ${r.publicUrl ?? "—"}`,
    `Services:             ${r.services.join(", ") || "—"}`,
    `Models:               ${r.models.join(", ") || "—"}`,
    ...(r.requests ? [`Requests:             ${r.requests.served} served, ${r.requests.failed} failed, ${r.requests.inFlight} in flight`] : []),
    ...(r.lastError ? [`Last error:           ${r.lastError}`] : []),
    `Home:                 ${r.home}`,
  ];
  return `${lines.join("\n")}\n`;
}

