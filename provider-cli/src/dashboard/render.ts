import { tierLabel, type TierId } from "@cxmpute/protocol";
import type { NodeStatus } from "../utils/state.js";
import { paint, visibleLength, type Paint } from "./ansi.js";

export interface DashboardSnapshot {
  providerId: string;
  status: NodeStatus;
  tier: TierId;
  /** Points as decimal strings; undefined when the orchestrator has not said. */
  todayPoints: string | undefined;
  allTimePoints: string | undefined;
  referrals: number | undefined;
  models: readonly string[];
  services: readonly string[];
  publicUrl: string | null;
  requests: { served: number; failed: number; inFlight: number; rejected: number };
  lastError: string | null;
}

export const MISSING = "—";
export const DASHBOARD_WIDTH = 72;
const WIDTH = DASHBOARD_WIDTH;

function box(lines: string[], width: number): string[] {
  const inner = width - 2;
  const pad = (s: string) => {
    const fitted = visibleLength(s) > inner - 2 ? `${[...s].slice(0, inner - 3).join("")}…` : s;
    return `│ ${fitted}${" ".repeat(Math.max(0, inner - 2 - visibleLength(fitted)))} │`;
  };
  return [`╭${"─".repeat(inner)}╮`, ...lines.map(pad), `╰${"─".repeat(inner)}╯`];
}

function sideBySide(a: string[], b: string[]): string[] {
  return a.map((line, i) => `${line} ${b[i] ?? ""}`);
}

export function statusDot(status: NodeStatus, p: Paint): string {
  if (status === "active") return p.green("●");
  if (status === "starting" || status === "stopping") return p.yellow("●");
  return p.red("●");
}

/** The provider guide's dashboard boxes. Earnings are points, shown "—" until known. */
export function renderDashboard(s: DashboardSnapshot, color: boolean): string {
  const p = paint(color);
  const half = Math.floor((WIDTH - 1) / 2);
  const out = [
    ...box([`PROVIDER/REFERRAL ID: ${p.bold(s.providerId)}`], WIDTH),
    ...box([`${statusDot(s.status, p)} STATUS: ${s.status.toUpperCase()}${s.lastError && s.status !== "active" ? p.dim(` (${s.lastError})`) : ""}`], WIDTH),
    ...sideBySide(box([`TODAY'S EARNINGS: ${s.todayPoints ?? MISSING} pts`], half), box([`ALL TIME EARNINGS: ${s.allTimePoints ?? MISSING} pts`], WIDTH - half - 1)),
    ...box([`REFERRALS: ${s.referrals ?? MISSING}`], WIDTH),
    ...box([`DEVICE TIER: ${tierLabel(s.tier)}`], WIDTH),
    ...box(
      [
        `SERVICES: ${s.services.join(", ") || MISSING}`,
        `MODELS: ${s.models.join(", ") || MISSING}`,
        `REQUESTS: ${s.requests.served} served · ${s.requests.failed} failed · ${s.requests.inFlight} in flight · ${s.requests.rejected} refused`,
        `PUBLIC URL: ${s.publicUrl ?? MISSING}`,
      ],
      WIDTH,
    ),
    p.dim("Press Ctrl+C to stop (in-flight requests finish first)."),
  ];
  return out.join("\n");
}

/** One plain log line for non-TTY output. */
export function renderPlain(s: DashboardSnapshot): string {
  return `status=${s.status} provider=${s.providerId} tier=${s.tier} served=${s.requests.served} failed=${s.requests.failed} inFlight=${s.requests.inFlight} today=${s.todayPoints ?? MISSING} allTime=${s.allTimePoints ?? MISSING} referrals=${s.referrals ?? MISSING} url=${s.publicUrl ?? MISSING}`;
}
