import type { Registry } from "../../api/schemas";
import { DataTable } from "../../components/data-table";
import { StatusBadge } from "../../components/status-badge";
import { tierName } from "../../lib/rules";

type Row = Record<string, unknown>;

// Secrets never reach this page from the API, but a column named like one is hidden anyway.
const HIDDEN = /secret|token|signature/i;

function cell(key: string, value: unknown) {
  if (value === null || value === undefined) return "—";
  if (key === "status" && typeof value === "string") return <StatusBadge status={value} />;
  if (key === "tier" && typeof value === "string") return tierName(value);
  if (typeof value === "number" && /(At|Until)$/.test(key) && value > 1e12) return new Date(value).toISOString().slice(11, 19);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ") || "—";
  if (typeof value === "object") return <code>{JSON.stringify(value)}</code>;
  return String(value);
}

/** Columns are whatever the registry reports: the page keeps up as the registry grows fields. */
function columnsOf(rows: Row[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!HIDDEN.test(k)) seen.add(k);
  return [...seen];
}

function label(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

export function RegistryPanel(props: { registry: Registry }) {
  const tiers = props.registry.tiers;
  if (tiers.length === 0) return <p class="muted">No tiers reported.</p>;
  return (
    <div class="stack">
      {tiers.map((t) => {
        const rows = t.nodes;
        const extra = Object.entries(t).filter(([k, v]) => k !== "tier" && k !== "nodes" && (typeof v === "number" || typeof v === "string"));
        return (
          <div key={t.tier} class="tier-block" data-tier={t.tier}>
            <h3>
              {tierName(t.tier)} <span class="muted">· {rows.length} node{rows.length === 1 ? "" : "s"}</span>
              {extra.map(([k, v]) => (
                <span class="muted" key={k}>{` · ${label(k)} ${String(v)}`}</span>
              ))}
            </h3>
            {rows.length ? (
              <DataTable
                caption={`${tierName(t.tier)} nodes`}
                captionHidden
                rows={rows}
                rowKey={(r) => String(r.nodeId ?? JSON.stringify(r))}
                columns={columnsOf(rows).map((k) => ({ header: label(k), cell: (r: Row) => cell(k, r[k]), numeric: typeof rows[0]?.[k] === "number" }))}
              />
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
