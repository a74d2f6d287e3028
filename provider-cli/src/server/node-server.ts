import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { NODE_PATHS, ReplayCache, ScrapeRequest, Service, TtsRequest, normalizeTag, verifyRequest } from "@cxmpute/protocol";
import { scrapeUrls } from "../scrape/index.js";
import { proxyToOllama } from "./proxy.js";
import { BodyTooLarge, parseJson, readBody, sendError, sendJson } from "./respond.js";
import { synthesize, TtsError } from "./tts.js";

const MAX_BODY_BYTES = 8 * 1024 * 1024;

const ChatBody = z.looseObject({ model: z.string().min(1), messages: z.array(z.unknown()).min(1), stream: z.boolean().optional() });
const EmbeddingsBody = z.looseObject({ model: z.string().min(1), input: z.union([z.string(), z.array(z.string()).min(1)]) });

export interface NodeCounters {
  served: number;
  failed: number;
  rejected: number;
  byService: Record<Service, number>;
}

export interface NodeServerOptions {
  ollamaUrl: string;
  services: readonly Service[];
  models: readonly string[];
  capacity: number;
  /** The node secret, once the orchestrator issued one; until then every request is refused. */
  getSecret: () => string | undefined;
  allowLoopbackScrape: boolean;
  onRequest?: (event: { service: Service | "unknown"; status: number; ms: number; reason?: string }) => void;
}

export interface NodeServer {
  server: Server;
  listen(port: number, host?: string): Promise<number>;
  inFlight(): number;
  counters: NodeCounters;
  /** Stops accepting, waits for in-flight requests up to `timeoutMs`, then closes. */
  drain(timeoutMs: number): Promise<void>;
}

const SERVICE_BY_PATH = new Map(Object.entries(NODE_PATHS).map(([service, path]) => [path, Service.parse(service)]));

export function createNodeServer(opts: NodeServerOptions): NodeServer {
  const replay = new ReplayCache();
  const served = new Set(opts.models.map(normalizeTag));
  const counters: NodeCounters = { served: 0, failed: 0, rejected: 0, byService: { chat: 0, embeddings: 0, tts: 0, scrape: 0 } };
  let inFlight = 0;
  let draining = false;
  const idleWaiters: Array<() => void> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      return sendJson(res, draining ? 503 : 200, { status: draining ? "draining" : "ok", inFlight, capacity: opts.capacity });
    }
    const service = SERVICE_BY_PATH.get(path);
    if (!service || !opts.services.includes(service)) return sendError(res, 404, `${path} is not served by this node`, "not_found_error", "not_found");
    if (req.method !== "POST") return sendError(res, 405, `use POST for ${path}`, "invalid_request_error", "method_not_allowed");

    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendError(res, 413, `request body larger than ${MAX_BODY_BYTES} bytes`, "invalid_request_error", "body_too_large");
      return sendError(res, 400, "could not read the request body", "invalid_request_error");
    }

    const secret = opts.getSecret();
    const verdict = secret
      ? await verifyRequest({ secret, method: req.method, path: url, body: new Uint8Array(body), headers: { get: (n) => headerValue(req, n) }, replay })
      : ({ ok: false, reason: "missing" } as const);
    if (!verdict.ok) {
      counters.rejected++;
      return sendError(res, 401, `request signature ${verdict.reason}`, "authentication_error", `signature_${verdict.reason}`);
    }
    if (draining) return sendError(res, 503, "node is shutting down", "api_error", "node_draining");
    if (inFlight >= opts.capacity) {
      counters.rejected++;
      return sendError(res, 429, `node at capacity (${opts.capacity} concurrent requests)`, "rate_limit_error", "node_at_capacity");
    }

    inFlight++;
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    let ok = false;
    try {
      ok = await dispatch(service, body, res, abort.signal);
    } catch {
      sendError(res, 502, "the node failed to process the request", "api_error", "node_error");
    } finally {
      inFlight--;
      if (ok) {
        counters.served++;
        counters.byService[service]++;
      } else counters.failed++;
      if (inFlight === 0) idleWaiters.splice(0).forEach((w) => w());
    }
  };

  const dispatch = async (service: Service, body: Buffer, res: ServerResponse, abort: AbortSignal): Promise<boolean> => {
    const json = parseJson(body);
    if (json === undefined) {
      sendError(res, 400, "request body must be JSON", "invalid_request_error", "invalid_json");
      return false;
    }
    if (service === "chat" || service === "embeddings") {
      const parsed = (service === "chat" ? ChatBody : EmbeddingsBody).safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        sendError(res, 400, issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid body", "invalid_request_error", "invalid_body", issue?.path.join(".") ?? null);
        return false;
      }
      if (!served.has(normalizeTag(parsed.data.model))) {
        sendError(res, 404, `model "${parsed.data.model}" is not served by this node`, "invalid_request_error", "model_not_found", "model");
        return false;
      }
      return proxyToOllama(opts.ollamaUrl, NODE_PATHS[service], body, res, abort);
    }
    if (service === "tts") {
      const parsed = TtsRequest.safeParse(json);
      if (!parsed.success) {
        sendError(res, 400, parsed.error.issues[0]?.message ?? "invalid body", "invalid_request_error", "invalid_body");
        return false;
      }
      try {
        const audio = await synthesize(parsed.data);
        res.writeHead(200, { "content-type": "audio/wav", "content-length": audio.length });
        res.end(audio);
        return true;
      } catch (err) {
        if (err instanceof TtsError) sendError(res, err.status, err.message, err.status === 400 ? "invalid_request_error" : "api_error", "tts_failed");
        else sendError(res, 502, "speech synthesis failed", "api_error", "tts_failed");
        return false;
      }
    }
    const parsed = ScrapeRequest.safeParse(json);
    if (!parsed.success) {
      sendError(res, 400, parsed.error.issues[0]?.message ?? "invalid body", "invalid_request_error", "invalid_body");
      return false;
    }
    const results = await scrapeUrls(parsed.data.urls, parsed.data.format ?? "markdown", { allowLoopback: opts.allowLoopbackScrape });
    sendJson(res, 200, { results });
    return true;
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    const service = SERVICE_BY_PATH.get((req.url ?? "/").split("?")[0] ?? "/") ?? "unknown";
    res.on("finish", () => opts.onRequest?.({ service, status: res.statusCode, ms: Date.now() - started }));
    handle(req, res).catch(() => sendError(res, 400, "bad request", "invalid_request_error"));
  });
  server.requestTimeout = 0; // long generations stream for minutes
  server.headersTimeout = 30_000;

  return {
    server,
    counters,
    inFlight: () => inFlight,
    listen: (port, host = "127.0.0.1") =>
      new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    async drain(timeoutMs) {
      draining = true;
      server.close();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((r) => idleWaiters.push(r)), new Promise<void>((r) => setTimeout(r, timeoutMs).unref())]);
      }
      server.closeAllConnections();
    },
  };
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name.toLowerCase()];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}
