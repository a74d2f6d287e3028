import type { HardwareProfile, Service, TierId } from "@cxmpute/protocol";
import { createNodeServer } from "../server/index.js";
import { OrchestratorError, type OrchestratorClient, type ReferralStats } from "../orchestrator/index.js";
import { TunnelSupervisor, ensureCloudflared } from "../tunnel/index.js";
import { CliError } from "../utils/cli-error.js";
import { backoffMs } from "../utils/backoff.js";
import type { Logger } from "../utils/logger.js";
import { addSecret } from "../utils/redact.js";
import { writeState, type NodeState, type NodeStatus } from "../utils/state.js";
import type { TunnelMode } from "../utils/config.js";
import { LiveView } from "../dashboard/live-view.js";
import type { DashboardSnapshot } from "../dashboard/render.js";

export interface RunNodeOptions {
  orchestrator: OrchestratorClient;
  providerId: string;
  hardware: HardwareProfile;
  tier: TierId;
  services: Service[];
  models: string[];
  capacity: number;
  ollamaUrl: string;
  /** Reported as heartbeat health: false ⇒ "degraded" (e.g. Ollama stopped answering). */
  healthCheck?: () => Promise<boolean>;
  port: number;
  tunnel: TunnelMode;
  publicUrl?: string;
  tunnelToken?: string;
  version: string;
  logger: Logger;
  /** Draw the live dashboard (TTY) or print plain log lines. */
  dashboard: boolean;
  env?: Record<string, string | undefined>;
}

const DEFAULT_DRAIN_MS = 15_000;
const STATS_REFRESH_MS = 30_000;

/** Announces, serves, heartbeats and re-registers until SIGINT/SIGTERM; then drains and deregisters. */
export async function runNode(o: RunNodeOptions): Promise<void> {
  const env = o.env ?? process.env;
  const log = o.logger;
  let status: NodeStatus = "starting";
  let lastError: string | null = null;
  let nodeId: string | undefined;
  let secret: string | undefined;
  let tier: TierId = o.tier;
  let intervalMs = 10_000;
  let publicUrl: string | null = null;
  let stats: ReferralStats | undefined;
  const startedAt = new Date().toISOString();

  const server = createNodeServer({
    ollamaUrl: o.ollamaUrl,
    services: o.services,
    models: o.models,
    capacity: o.capacity,
    getSecret: () => secret,
    allowLoopbackScrape: env.CXMPUTE_SCRAPE_ALLOW_LOOPBACK === "1",
    onRequest: (e) => log.info(`request ${e.service} → ${e.status} in ${e.ms} ms`),
  });
  let port: number;
  try {
    port = await server.listen(o.port);
  } catch (err) {
    const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
    if (code === "EADDRINUSE") throw new CliError(`Port ${o.port} is already in use`, "pass another --port (or stop the program using it)");
    if (code === "EACCES") throw new CliError(`Not allowed to listen on port ${o.port}`, "pass a --port above 1024");
    throw err;
  }
  const localUrl = `http://127.0.0.1:${port}`;
  log.info(`node server listening on ${localUrl}`);

  const snapshot = (): DashboardSnapshot => ({
    providerId: o.providerId,
    status,
    tier,
    todayPoints: stats?.today?.total,
    allTimePoints: stats?.totals?.total,
    referrals: stats?.network ? (stats.network.level1 ?? 0) + (stats.network.level2 ?? 0) + (stats.network.level3 ?? 0) : undefined,
    models: o.models,
    services: o.services,
    publicUrl,
    requests: { served: server.counters.served, failed: server.counters.failed, inFlight: server.inFlight(), rejected: server.counters.rejected },
    lastError,
  });
  // Writes are chained so a slow earlier write can never land after a later one.
  let writes: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    writes = writes.then(writeNow);
    return writes;
  };
  const writeNow = async (): Promise<void> => {
    const s = snapshot();
    const state: NodeState = {
      pid: process.pid,
      providerId: o.providerId,
      nodeId: nodeId ?? null,
      tier,
      status,
      publicUrl,
      localUrl,
      services: o.services,
      models: o.models,
      orchestratorUrl: o.orchestrator.baseUrl,
      startedAt,
      updatedAt: new Date().toISOString(),
      requests: s.requests,
      lastError,
    };
    await writeState(state, env).catch((err: unknown) => log.warn(`could not write the state file: ${String(err)}`));
  };
  const view = new LiveView(snapshot, o.dashboard, log);
  const setStatus = (next: NodeStatus, error: string | null = null): void => {
    if (next !== status || error !== lastError) log.info(`status ${status} → ${next}${error ? ` (${error})` : ""}`);
    status = next;
    lastError = error;
    void persist();
    view.refresh();
  };
  await persist();
  view.start();

  let tunnel: TunnelSupervisor | undefined;
  const cleanupEarly = async (): Promise<void> => {
    view.stop();
    await tunnel?.stop();
    await server.drain(0);
    setStatus("stopped");
  };

  const announce = async (): Promise<void> => {
    if (!publicUrl) throw new CliError("No public URL for the node", "pass --public-url or choose a tunnel");
    const r = await o.orchestrator.announce({
      publicUrl,
      hardware: o.hardware,
      tier: o.tier,
      services: o.services,
      models: o.models,
      capacity: o.capacity,
      version: o.version,
    });
    nodeId = r.nodeId;
    secret = r.nodeSecret;
    addSecret(secret);
    tier = r.tier;
    intervalMs = r.heartbeatIntervalMs;
    log.info(`announced as node ${r.nodeId} (tier ${r.tier}) at ${publicUrl}`);
    if (r.tunnelToken && o.tunnel === "named" && !tunnel) {
      tunnel = await startTunnel({ kind: "named", token: r.tunnelToken });
      if (r.publicUrl && r.publicUrl !== publicUrl) {
        await o.orchestrator.deregister(r.nodeId).catch(() => undefined);
        publicUrl = r.publicUrl;
        await announce();
      }
    }
  };

  const startTunnel = async (spec: ConstructorParameters<typeof TunnelSupervisor>[1]): Promise<TunnelSupervisor> => {
    const bin = await ensureCloudflared(env);
    const t = new TunnelSupervisor(bin, spec);
    t.on("log", (line) => log.info(`cloudflared: ${line}`));
    t.on("exit", (code) => {
      if (status !== "stopping" && status !== "stopped") log.warn(`cloudflared exited (code ${code ?? "signal"}); restarting`);
    });
    const url = await t.start();
    if (url) publicUrl = url;
    return t;
  };

  try {
    if (o.publicUrl) publicUrl = o.publicUrl;
    if (o.tunnel === "quick" && !o.publicUrl) {
      tunnel = await startTunnel({ kind: "quick", localUrl });
    } else if (o.tunnel === "named" && o.tunnelToken) {
      if (!o.publicUrl) throw new CliError("A named tunnel needs the hostname it routes", "pass --public-url https://<your-tunnel-hostname> with --tunnel-token");
      tunnel = await startTunnel({ kind: "named", token: o.tunnelToken });
    }
    publicUrl ??= localUrl;
    // The first announce fails fast so bad settings surface as an error, not a silent retry loop.
    for (let attempt = 0; ; attempt++) {
      try {
        await announce();
        break;
      } catch (err) {
        if (!(err instanceof OrchestratorError) || !err.retriable || attempt >= 2) throw err;
        await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
      }
    }
  } catch (err) {
    await cleanupEarly();
    throw err;
  }
  setStatus("active");

  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let stopping = false;
  const schedule = (ms: number): void => {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
  };
  const tick = async (): Promise<void> => {
    try {
      if (!nodeId) {
        await announce();
      } else {
        const healthy = o.healthCheck ? await o.healthCheck() : true;
        const r = await o.orchestrator.heartbeat(nodeId, {
          inFlight: server.inFlight(),
          capacity: o.capacity,
          load: Math.min(1, server.inFlight() / o.capacity),
          models: o.models,
          health: healthy ? "ok" : "degraded",
          servedTotal: server.counters.served,
          failedTotal: server.counters.failed,
        });
        if (r === "unknown-node") {
          log.warn("the orchestrator forgot this node (restart?); announcing again");
          nodeId = undefined;
          await announce();
        } else {
          tier = r.tier;
          intervalMs = r.heartbeatIntervalMs;
        }
      }
      failures = 0;
      if (!stopping) setStatus("active");
      schedule(intervalMs);
    } catch (err) {
      if (stopping) return;
      failures++;
      const message = err instanceof Error ? err.message : String(err);
      const fatal = err instanceof OrchestratorError && !err.retriable;
      setStatus(fatal ? "error" : "offline", message);
      schedule(backoffMs(failures - 1, 1000, 60_000));
    }
  };
  schedule(intervalMs);

  tunnel?.on("url", (url) => {
    if (url === publicUrl || stopping) return;
    log.info(`tunnel restarted with ${url}; announcing the new URL`);
    const old = nodeId;
    publicUrl = url;
    nodeId = undefined;
    if (old) void o.orchestrator.deregister(old).catch(() => undefined);
    schedule(0);
  });

  const refreshStats = async (): Promise<void> => {
    try {
      stats = await o.orchestrator.referralStats();
      view.refresh();
    } catch {
      // Earnings are informational; "—" stays until the next refresh works.
    }
  };
  void refreshStats();
  const statsTimer = setInterval(() => void refreshStats(), STATS_REFRESH_MS);
  statsTimer.unref();

  await new Promise<void>((resolve) => {
    const shutdown = async (signal: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      clearInterval(statsTimer);
      log.info(`${signal}: draining ${server.inFlight()} in-flight request(s), then deregistering`);
      setStatus("stopping");
      const drainMs = Number(env.CXMPUTE_DRAIN_MS ?? DEFAULT_DRAIN_MS);
      // Stop new work first (deregister), then let in-flight requests finish.
      const dereg = nodeId ? o.orchestrator.deregister(nodeId).then(
        () => log.info(`deregistered node ${nodeId ?? ""}`),
        (err: unknown) => log.warn(`could not deregister: ${err instanceof Error ? err.message : String(err)}`),
      ) : Promise.resolve();
      await Promise.all([dereg, server.drain(Number.isFinite(drainMs) ? drainMs : DEFAULT_DRAIN_MS)]);
      await tunnel?.stop();
      view.stop();
      setStatus("stopped");
      await persist();
      resolve();
    };
    // Listeners stay registered: execa's exit hook re-raises a signal nobody else listens to,
    // which would kill the process mid-drain. A second Ctrl+C forces the exit.
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write("✖ Forced exit before the node finished draining. Fix: none needed; the orchestrator drops the node after missed heartbeats\n");
        process.exit(130);
      }
      void shutdown(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
