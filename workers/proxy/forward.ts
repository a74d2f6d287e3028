import { catalogModel, NODE_ID_HEADER, REQUEST_ID_HEADER, signRequest, type Service } from "@cxmpute/protocol";
import type { Context } from "hono";
import { ApiError } from "../lib/api-error";
import type { AppEnv } from "../types";
import { pick, type Candidate } from "../routing/picker";
import { eligibleNodes, localState, nodeTarget, recordEnd, recordStart } from "../routing/snapshot";
import type { RoutableNode } from "../routing/types";

export const MAX_ATTEMPTS = 3;

export interface ForwardInput {
  service: Service;
  /** Model to route on (null: any node offering the service). */
  model: string | null;
  body: string;
  requestId: string;
  /** Abort when the client goes away. */
  signal?: AbortSignal;
  /** The per-key rate limit decision: nothing is sent to a node before it resolves. */
  admission: Promise<void>;
  /** ctx.waitUntil of the request, for work other requests share (a routing refresh). */
  keepAlive: (p: Promise<unknown>) => void;
  /**
   * Read the whole answer before returning (non-streamed requests). The client has seen nothing
   * until then, so a node that breaks or stalls while sending its body is retried like one that
   * never answered, and the upstream timeout covers the body too.
   */
  buffered?: boolean;
}

export interface Upstream {
  node: RoutableNode;
  response: Response;
  startedAt: number;
  /** Call exactly once with the outcome; frees the node's local slot and records health. */
  finish(ok: boolean): void;
  controller: AbortController;
  /** The whole body of a successful answer when `buffered`, else null (read `response.body`). */
  bytes: ArrayBuffer | null;
}

function timeouts(env: Env): { firstByteMs: number } {
  const n = Number(env.UPSTREAM_TIMEOUT_MS);
  return { firstByteMs: Number.isFinite(n) && n > 0 ? n : 60_000 };
}

function noCapacity(kind: "none-eligible" | "all-busy" | "all-cooling", service: Service, model: string | null): ApiError {
  const what = model ? `model ${model}` : `the ${service} service`;
  if (kind === "all-busy") {
    return new ApiError(429, `Every provider node serving ${what} is at capacity. Retry shortly.`, { code: "capacity_exhausted", headers: { "retry-after": "2" } });
  }
  if (model && !catalogModel(model) && kind === "none-eligible") {
    return new ApiError(404, `The model '${model}' does not exist or is not served by any provider. GET /v1/models lists what is live.`, { code: "model_not_found", param: "model" });
  }
  return new ApiError(503, `No live provider node serves ${what} right now. Try again later or pick another model from GET /v1/models.`, { code: "no_provider_available" });
}

/** Node faults are retried on another node; anything else is the caller's to see. */
function isNodeFault(status: number): boolean {
  return status >= 500 || status === 429 || status === 401 || status === 403 || status === 408;
}

/** The per-request part of a ForwardInput, from the Hono context. */
export function fromRequest(c: Context<AppEnv>): Pick<ForwardInput, "requestId" | "signal" | "admission" | "keepAlive"> {
  return { requestId: c.get("requestId"), signal: c.req.raw.signal, admission: c.get("admission"), keepAlive: (p) => c.executionCtx.waitUntil(p) };
}

/**
 * Sends the request to the best node, retrying on another one for any failure before the
 * response head arrives (at most MAX_ATTEMPTS nodes). Returns the first usable upstream answer.
 */
export async function forward(env: Env, input: ForwardInput): Promise<Upstream> {
  const tried = new Set<string>();
  let lastError = "no node answered";
  const keepAlive = input.keepAlive;
  let nodes = await eligibleNodes(env, input.service, input.model, { keepAlive });
  if (nodes.length === 0) nodes = await eligibleNodes(env, input.service, input.model, { maxAgeMs: 250, keepAlive });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidates: Candidate[] = [];
    for (const node of nodes) {
      if (tried.has(node.nodeId)) continue;
      const s = localState(node.nodeId);
      candidates.push({ node, localInFlight: s.inFlight, localCooldownUntil: s.cooldownUntil });
    }
    const choice = pick(candidates, Date.now());
    if (choice.kind !== "picked") {
      // The nodes left after a failure are all busy: that is a capacity answer (retry soon), not a 502.
      if (attempt === 0 || choice.kind === "all-busy") throw noCapacity(choice.kind, input.service, input.model);
      break;
    }
    const node = choice.candidate.node;
    tried.add(node.nodeId);
    const target = nodeTarget(node, input.service);
    const signed = await signRequest({ secret: node.secret, method: "POST", path: target.path, body: input.body });
    if (attempt === 0) await input.admission;
    const controller = new AbortController();
    const onClientAbort = () => controller.abort();
    input.signal?.addEventListener("abort", onClientAbort);
    const timer = setTimeout(() => controller.abort(), timeouts(env).firstByteMs);
    const startedAt = Date.now();
    recordStart(node.nodeId);
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      input.signal?.removeEventListener("abort", onClientAbort);
      recordEnd(node.nodeId, ok, Date.now() - startedAt);
    };
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: input.requestId, [NODE_ID_HEADER]: node.nodeId, ...signed },
        body: input.body,
        signal: controller.signal,
      });
      if (isNodeFault(response.status)) {
        lastError = `node answered ${response.status}`;
        await response.body?.cancel();
        finish(false);
        continue;
      }
      if (!response.ok) return { node, response, startedAt, finish, controller, bytes: null };
      if (input.buffered) {
        const bytes = await response.arrayBuffer();
        return { node, response, startedAt, finish, controller, bytes };
      }
      // A stream outlives any fixed deadline: from here the relay's first-token and idle timeouts apply.
      clearTimeout(timer);
      return { node, response, startedAt, finish, controller, bytes: null };
    } catch (err) {
      finish(false);
      if (input.signal?.aborted) throw new ApiError(400, "Client closed the request.", { code: "client_closed_request" });
      lastError = err instanceof Error && err.name === "AbortError" ? "node timed out" : "node unreachable or cut off mid-answer";
    }
  }
  throw new ApiError(502, `Provider nodes failed to answer (${lastError}) after ${tried.size} attempt(s). Retry the request.`, { code: "upstream_failed" });
}

/** A node's 4xx (other than faults) is the caller's error: pass its message on in OpenAI shape. */
export async function clientErrorFromNode(response: Response): Promise<ApiError> {
  let message = `Provider rejected the request (${response.status}).`;
  try {
    const body = (await response.json()) as { error?: { message?: unknown } | string };
    const m = typeof body.error === "string" ? body.error : body.error?.message;
    if (typeof m === "string" && m.length > 0) message = m.slice(0, 500);
  } catch {
    // Non-JSON error body: keep the generic message.
  }
  const status = response.status === 404 ? 404 : response.status === 413 ? 413 : 400;
  return new ApiError(status, message, { code: "upstream_rejected" });
}
