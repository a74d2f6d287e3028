import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { NodeAnnounce, NodeHeartbeat, tierFromVram } from "@cxmpute/protocol";

export interface FakeNode {
  nodeId: string;
  nodeSecret: string;
  providerId: string;
  announce: NodeAnnounce;
  heartbeats: NodeHeartbeat[];
}

export interface FakeOrchestrator {
  url: string;
  calls: Array<{ method: string; path: string; status: number }>;
  providers: Map<string, string>;
  nodes: Map<string, FakeNode>;
  deleted: string[];
  /** Referral codes applied to existing providers. */
  referrals: Array<{ providerId: string; body: unknown }>;
  /** Bodies of POST /api/providers. */
  registrations: unknown[];
  /** While down, every connection is dropped (network loss). */
  setDown(down: boolean): void;
  /** Forget every node, as after an orchestrator restart: heartbeats then get 404. */
  forgetNodes(): void;
  close(): Promise<void>;
}

export interface FakeOrchestratorOptions {
  heartbeatIntervalMs?: number;
  providers?: Record<string, string>;
  stats?: unknown;
}

function error(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code: null } }));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** The orchestrator's provider API as the CLI sees it, validating requests with the shared schemas. */
export async function startFakeOrchestrator(opts: FakeOrchestratorOptions = {}): Promise<FakeOrchestrator> {
  const interval = opts.heartbeatIntervalMs ?? 200;
  const providers = new Map(Object.entries(opts.providers ?? {}));
  const nodes = new Map<string, FakeNode>();
  const calls: FakeOrchestrator["calls"] = [];
  const deleted: string[] = [];
  const registrations: unknown[] = [];
  const referrals: FakeOrchestrator["referrals"] = [];
  let seq = 0;
  let down = false;
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    void (async () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const method = req.method ?? "GET";
      res.on("finish", () => calls.push({ method, path, status: res.statusCode }));
      const b = method === "POST" ? await body(req) : undefined;
      if (method === "GET" && path === "/health") return json(res, 200, { status: "ok" });
      if (method === "POST" && path === "/api/providers") {
        registrations.push(b);
        const id = `prov_${(++seq).toString().padStart(4, "0")}`;
        const secret = `cxps_${randomBytes(16).toString("hex")}`;
        providers.set(id, secret);
        return json(res, 201, { providerId: id, providerSecret: secret });
      }
      const m = path.match(/^\/api\/providers\/([^/]+)(\/.*)?$/);
      if (!m?.[1]) return error(res, 404, "not found");
      const providerId = decodeURIComponent(m[1]);
      const rest = m[2] ?? "";
      if (req.headers.authorization !== `Bearer ${providers.get(providerId) ?? "∅"}`) return error(res, 401, "invalid provider secret");
      if (method === "POST" && rest === "/referral") {
        if (referrals.some((r) => r.providerId === providerId)) return error(res, 409, "referral already applied");
        referrals.push({ providerId, body: b });
        return json(res, 200, { ok: true });
      }
      if (method === "POST" && rest === "/nodes") {
        const parsed = NodeAnnounce.safeParse(b);
        if (!parsed.success) return error(res, 400, `bad announce: ${parsed.error.issues[0]?.message ?? ""}`);
        const nodeId = `node_${(++seq).toString().padStart(4, "0")}`;
        const node: FakeNode = { nodeId, nodeSecret: `nsec_${randomBytes(16).toString("hex")}`, providerId, announce: parsed.data, heartbeats: [] };
        nodes.set(nodeId, node);
        return json(res, 201, { nodeId, nodeSecret: node.nodeSecret, tier: tierFromVram(parsed.data.hardware.vramGb), heartbeatIntervalMs: interval });
      }
      const hb = rest.match(/^\/nodes\/([^/]+)\/heartbeat$/);
      if (method === "POST" && hb?.[1]) {
        const node = nodes.get(decodeURIComponent(hb[1]));
        if (!node) return error(res, 404, "unknown node");
        const parsed = NodeHeartbeat.safeParse(b);
        if (!parsed.success) return error(res, 400, "bad heartbeat");
        node.heartbeats.push(parsed.data);
        return json(res, 200, { ok: true, tier: tierFromVram(node.announce.hardware.vramGb), heartbeatIntervalMs: interval });
      }
      const del = rest.match(/^\/nodes\/([^/]+)$/);
      if (method === "DELETE" && del?.[1]) {
        const id = decodeURIComponent(del[1]);
        if (!nodes.delete(id)) return error(res, 404, "unknown node");
        deleted.push(id);
        res.writeHead(204).end();
        return;
      }
      if (method === "GET" && rest === "/referral-stats") {
        return json(res, 200, opts.stats ?? { totals: { compute: "40.5", referral: "2", total: "42.5" }, today: { compute: "1.25", referral: "0", total: "1.25" }, network: { level1: 2, level2: 1, level3: 0 } });
      }
      error(res, 404, "not found");
    })().catch(() => error(res, 400, "bad request"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    providers,
    nodes,
    deleted,
    registrations,
    referrals,
    forgetNodes: () => nodes.clear(),
    setDown: (d) => {
      down = d;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
