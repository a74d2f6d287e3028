import { z } from "zod";
import { NodeAnnounce, NodeAnnounceResponse, NodeHeartbeat, NodeHeartbeatResponse } from "@cxmpute/protocol";
import { CliError } from "../utils/cli-error.js";

export const Registration = z.object({ providerId: z.string().min(1), providerSecret: z.string().min(1) });
export type Registration = z.infer<typeof Registration>;

/** The announce answer, including the optional named-tunnel token (protocol module). */
export const AnnounceResult = NodeAnnounceResponse;
export type AnnounceResult = z.infer<typeof AnnounceResult>;

const Points = z.string().regex(/^-?\d+(\.\d+)?$/).or(z.number().transform(String));
const Totals = z.object({ compute: Points.optional(), referral: Points.optional(), total: Points.optional() }).partial();
/** Parsed defensively: any field may be missing while the rewards API evolves. */
export const ReferralStats = z.looseObject({
  totals: Totals.optional().catch(undefined),
  today: Totals.optional().catch(undefined),
  network: z.object({ level1: z.number().int(), level2: z.number().int(), level3: z.number().int() }).partial().optional().catch(undefined),
});
export type ReferralStats = z.infer<typeof ReferralStats>;

const ErrorBody = z.object({ error: z.object({ message: z.string(), code: z.string().nullable().optional() }) });

/** A failed orchestrator call; `retriable` ones are retried with backoff by the lifecycle. */
export class OrchestratorError extends CliError {
  constructor(
    message: string,
    fix: string,
    readonly status: number,
    readonly retriable: boolean,
  ) {
    super(message, fix);
  }
}

export class OrchestratorClient {
  readonly baseUrl: string;
  constructor(
    baseUrl: string,
    private readonly creds?: Registration,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  private async call(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...(this.creds ? { authorization: `Bearer ${this.creds.providerSecret}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const cause = err instanceof Error && err.cause && typeof err.cause === "object" && "code" in err.cause ? String(err.cause.code) : err instanceof Error ? err.name : "network error";
      throw new OrchestratorError(
        `Cannot reach the orchestrator at ${this.baseUrl} (${cause})`,
        "check the --orchestrator URL (or CXMPUTE_ORCHESTRATOR_URL) and your internet connection, then run again",
        0,
        true,
      );
    }
    const text = await res.text().catch(() => "");
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok) return { status: res.status, json };
    const message = ErrorBody.safeParse(json).data?.error.message ?? `HTTP ${res.status}`;
    if (res.status === 401 || res.status === 403) {
      throw new OrchestratorError(
        `The orchestrator rejected the provider credentials (${message})`,
        "check CXMPUTE_PROVIDER_ID / CXMPUTE_PROVIDER_SECRET, or delete config.json in CXMPUTE_HOME to register again",
        res.status,
        false,
      );
    }
    const retriable = res.status === 404 || res.status === 408 || res.status === 429 || res.status >= 500;
    throw new OrchestratorError(`The orchestrator refused ${method} ${path.split("/").slice(0, 3).join("/")}: ${message}`, retriable ? "wait a moment and run again" : "check the options you passed (see --help)", res.status, retriable);
  }

  private providerPath(suffix = ""): string {
    if (!this.creds) throw new CliError("No provider registration", "run the setup wizard or set CXMPUTE_PROVIDER_ID and CXMPUTE_PROVIDER_SECRET");
    return `/api/providers/${encodeURIComponent(this.creds.providerId)}${suffix}`;
  }

  async register(referralCode?: string): Promise<Registration> {
    const { json } = await this.call("POST", "/api/providers", referralCode ? { referralCode } : {});
    const parsed = Registration.safeParse(json);
    if (!parsed.success) throw new CliError(`${this.baseUrl} answered the registration with an unexpected body`, "check that --orchestrator points at a Cxmpute orchestrator");
    return parsed.data;
  }

  /** Applies a referral code to an existing registration; false when one was applied before (409). */
  async applyReferral(referralCode: string): Promise<boolean> {
    try {
      await this.call("POST", this.providerPath("/referral"), { referralCode });
      return true;
    } catch (err) {
      if (err instanceof OrchestratorError && err.status === 409) return false;
      throw err;
    }
  }

  async announce(announce: NodeAnnounce): Promise<AnnounceResult> {
    const { json } = await this.call("POST", this.providerPath("/nodes"), NodeAnnounce.parse(announce));
    const parsed = AnnounceResult.safeParse(json);
    if (!parsed.success) throw new OrchestratorError("The orchestrator answered the announce with an unexpected body", "update cxmpute-provider to the latest version", 200, true);
    return parsed.data;
  }

  /** `unknown-node` when the orchestrator forgot the node (404): announce again. */
  async heartbeat(nodeId: string, hb: NodeHeartbeat): Promise<NodeHeartbeatResponse | "unknown-node"> {
    try {
      const { json } = await this.call("POST", this.providerPath(`/nodes/${encodeURIComponent(nodeId)}/heartbeat`), NodeHeartbeat.parse(hb));
      const parsed = NodeHeartbeatResponse.safeParse(json);
      if (!parsed.success) throw new OrchestratorError("The orchestrator answered a heartbeat with an unexpected body", "update cxmpute-provider", 200, true);
      return parsed.data;
    } catch (err) {
      if (err instanceof OrchestratorError && err.status === 404) return "unknown-node";
      throw err;
    }
  }

  async deregister(nodeId: string): Promise<void> {
    try {
      await this.call("DELETE", this.providerPath(`/nodes/${encodeURIComponent(nodeId)}`), undefined, 5000);
    } catch (err) {
      if (err instanceof OrchestratorError && err.status === 404) return;
      throw err;
    }
  }

  async referralStats(): Promise<ReferralStats | undefined> {
    const { json } = await this.call("GET", this.providerPath("/referral-stats"), undefined, 5000);
    return ReferralStats.safeParse(json).data;
  }
}
