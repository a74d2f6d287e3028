import { DurableObject } from "cloudflare:workers";
import type { NodeAnnounce, NodeHeartbeat, Service, TierId } from "@cxmpute/protocol";
import type { NodeStatus, NodeView, RoutableNode } from "../workers/routing/types";
import { cooldownMs } from "../workers/routing/health";
import { applyOutcomes, type NodeOutcomes } from "../workers/routing/outcomes";

interface NodeRow extends Record<string, SqlStorageValue> {
  node_id: string;
  provider_id: string;
  public_url: string;
  secret: string;
  tier: string;
  services: string;
  models: string;
  capacity: number;
  in_flight: number;
  load: number;
  health: string;
  registered_at: number;
  last_heartbeat_at: number;
  heartbeats: number;
  ewma_latency_ms: number;
  successes: number;
  failures: number;
  consecutive_failures: number;
  cooldown_until: number;
}

/** How many missed intervals before a node stops being routable, and before it is forgotten. */
const EXPIRE_INTERVALS = 2;
const FORGET_INTERVALS = 30;

/**
 * Live nodes of one hardware tier. One object per tier keeps every shard small and lets the
 * gateway read all of them in parallel; state lives in SQLite, so eviction loses nothing.
 */
export class TierRegistry extends DurableObject<Env> {
  private sql: SqlStorage;
  /** Gateway syncs served since this instance started (the benchmark's calls-per-request figure). */
  private syncCalls = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS nodes (
      node_id TEXT PRIMARY KEY, provider_id TEXT NOT NULL, public_url TEXT NOT NULL, secret TEXT NOT NULL,
      tier TEXT NOT NULL, services TEXT NOT NULL, models TEXT NOT NULL, capacity INTEGER NOT NULL,
      in_flight INTEGER NOT NULL DEFAULT 0, load REAL NOT NULL DEFAULT 0, health TEXT NOT NULL DEFAULT 'ok',
      registered_at INTEGER NOT NULL, last_heartbeat_at INTEGER NOT NULL, heartbeats INTEGER NOT NULL DEFAULT 0,
      ewma_latency_ms REAL NOT NULL DEFAULT 0, successes INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
      consecutive_failures INTEGER NOT NULL DEFAULT 0, cooldown_until INTEGER NOT NULL DEFAULT 0)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS nodes_provider ON nodes(provider_id)`);
  }

  private interval(): number {
    const n = Number(this.env.HEARTBEAT_INTERVAL_MS);
    return Number.isFinite(n) && n > 0 ? n : 10_000;
  }

  private async ensureAlarm(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + this.interval());
  }

  async announce(input: { nodeId: string; secret: string; providerId: string; tier: TierId; announce: NodeAnnounce }): Promise<void> {
    const now = Date.now();
    const a = input.announce;
    // A node restarting on the same URL replaces its old registration rather than doubling it.
    this.sql.exec(`DELETE FROM nodes WHERE provider_id = ? AND public_url = ?`, input.providerId, a.publicUrl);
    this.sql.exec(
      `INSERT INTO nodes (node_id, provider_id, public_url, secret, tier, services, models, capacity, registered_at, last_heartbeat_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.nodeId, input.providerId, a.publicUrl, input.secret, input.tier,
      JSON.stringify(a.services), JSON.stringify(a.models), a.capacity, now, now,
    );
    await this.ensureAlarm();
  }

  /** False when the node is unknown (expired or never announced): the CLI then announces again. */
  async heartbeat(providerId: string, nodeId: string, hb: NodeHeartbeat): Promise<boolean> {
    const cursor = this.sql.exec(
      `UPDATE nodes SET in_flight = ?, capacity = ?, load = ?, models = ?, health = ?, last_heartbeat_at = ?, heartbeats = heartbeats + 1
       WHERE node_id = ? AND provider_id = ?`,
      hb.inFlight, hb.capacity, hb.load, JSON.stringify(hb.models), hb.health, Date.now(), nodeId, providerId,
    );
    await this.ensureAlarm();
    return cursor.rowsWritten > 0;
  }

  async deregister(providerId: string, nodeId: string): Promise<boolean> {
    return this.sql.exec(`DELETE FROM nodes WHERE node_id = ? AND provider_id = ?`, nodeId, providerId).rowsWritten > 0;
  }

  /**
   * The gateway's periodic sync: applies the outcomes it gathered since the last sync (folded per
   * node) and returns the routable nodes. One call per tier every second or two, never one per request.
   */
  async sync(outcomes: NodeOutcomes[]): Promise<RoutableNode[]> {
    this.syncCalls++;
    const now = Date.now();
    for (const o of outcomes) this.applyOutcome(o, now);
    const cutoff = now - EXPIRE_INTERVALS * this.interval();
    const rows = this.sql.exec<NodeRow>(`SELECT * FROM nodes WHERE last_heartbeat_at >= ?`, cutoff).toArray();
    return rows.map((r) => ({
      nodeId: r.node_id,
      providerId: r.provider_id,
      publicUrl: r.public_url,
      secret: r.secret,
      tier: r.tier as TierId,
      services: JSON.parse(r.services) as Service[],
      models: JSON.parse(r.models) as string[],
      capacity: r.capacity,
      inFlight: r.in_flight,
      ewmaLatencyMs: r.ewma_latency_ms,
      successRate: successRate(r),
      cooldownUntil: r.cooldown_until,
      // The gateway's view can be a refresh old; carrying the deadline lets it drop the node on time.
      expiresAt: r.last_heartbeat_at + EXPIRE_INTERVALS * this.interval(),
    }));
  }

  private applyOutcome(o: NodeOutcomes, now: number): void {
    const row = this.sql.exec<NodeRow>(`SELECT ewma_latency_ms, consecutive_failures, cooldown_until FROM nodes WHERE node_id = ?`, o.nodeId).toArray()[0];
    if (!row) return;
    const after = applyOutcomes({ ewmaLatencyMs: row.ewma_latency_ms, consecutiveFailures: row.consecutive_failures }, o);
    // The failures after the last success decide a new cooldown (a success readmits the node).
    const until = o.failures > 0 ? cooldownMs(after.consecutiveFailures) : 0;
    this.sql.exec(
      `UPDATE nodes SET ewma_latency_ms = ?, successes = successes + ?, failures = failures + ?, consecutive_failures = ?, cooldown_until = ? WHERE node_id = ?`,
      after.ewmaLatencyMs, o.successes, o.failures, after.consecutiveFailures, until > 0 ? now + until : row.cooldown_until, o.nodeId,
    );
  }

  async listProviderNodes(providerId: string): Promise<NodeView[]> {
    return this.sql.exec<NodeRow>(`SELECT * FROM nodes WHERE provider_id = ? ORDER BY registered_at`, providerId).toArray().map((r) => this.view(r));
  }

  async syncCount(): Promise<number> {
    return this.syncCalls;
  }

  async listAll(): Promise<NodeView[]> {
    return this.sql.exec<NodeRow>(`SELECT * FROM nodes ORDER BY registered_at`).toArray().map((r) => this.view(r));
  }

  private view(r: NodeRow): NodeView {
    const now = Date.now();
    const expired = r.last_heartbeat_at < now - EXPIRE_INTERVALS * this.interval();
    const status: NodeStatus = expired ? "offline" : r.cooldown_until > now ? "cooldown" : r.heartbeats === 0 ? "starting" : "active";
    return {
      nodeId: r.node_id,
      providerId: r.provider_id,
      status,
      tier: r.tier as TierId,
      services: JSON.parse(r.services) as Service[],
      models: JSON.parse(r.models) as string[],
      publicUrl: r.public_url,
      latencyMs: r.ewma_latency_ms > 0 ? Math.round(r.ewma_latency_ms) : null,
      successRate: successRate(r),
      inFlight: r.in_flight,
      capacity: r.capacity,
      load: r.load,
      health: r.health,
      consecutiveFailures: r.consecutive_failures,
      cooldownUntil: r.cooldown_until > now ? new Date(r.cooldown_until).toISOString() : null,
      lastHeartbeatAt: new Date(r.last_heartbeat_at).toISOString(),
      registeredAt: new Date(r.registered_at).toISOString(),
    };
  }

  /** Sweep: forget nodes silent for long; keep ticking while any node is registered. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.sql.exec(`DELETE FROM nodes WHERE last_heartbeat_at < ?`, now - FORGET_INTERVALS * this.interval());
    const left = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM nodes`).one().n;
    if (left > 0) await this.ctx.storage.setAlarm(now + this.interval());
  }
}

function successRate(r: NodeRow): number {
  // Laplace prior so a brand-new node is neither perfect nor hopeless.
  return (r.successes + 1) / (r.successes + r.failures + 2);
}
