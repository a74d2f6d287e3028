import { api, type ApiError } from "../../api/client";
import { Reconcile, Registry } from "../../api/schemas";
import { Panel } from "../../components/panel";
import { StatCard, StatGrid } from "../../components/stat-card";
import { formatDecimal } from "../../lib/points";
import { useResource } from "../../lib/use-resource";
import { LoadState } from "../shared/load-state";
import { AccountsPanel } from "./accounts-panel";
import { EpochsPanel } from "./epochs-panel";
import { RegistryPanel } from "./registry-panel";

const LABELS: Record<string, string> = { users: "Users", providers: "Providers", requestsCredited: "Requests credited", pointsIssued: "Points issued" };

function figure(v: string | number): string {
  return typeof v === "number" ? formatDecimal(String(v), 0, 0) : formatDecimal(v);
}

export function AdminView(props: { token: string; onAuthError(e: ApiError): void }) {
  const opts = { refreshMs: 10_000, onAuthError: props.onAuthError };
  const totals = useResource(() => api(Reconcile, "/api/admin/reconcile", { token: props.token }), opts);
  const registry = useResource(() => api(Registry, "/api/admin/registry", { token: props.token }), opts);
  const liveNodes = registry.data?.tiers.reduce((n, t) => n + t.nodes.length, 0);
  return (
    <>
      <LoadState loading={totals.loading && !totals.data} error={totals.error} what="network totals" />
      {totals.data ? (
        <StatGrid label="Network totals">
          {Object.entries(totals.data.network).map(([k, v]) => (
            <StatCard key={k} id={k} label={LABELS[k] ?? k} value={figure(v)} />
          ))}
          {liveNodes !== undefined ? <StatCard id="nodes" label="Nodes in registry" value={String(liveNodes)} /> : null}
          <StatCard
            id="ledger"
            label="Ledger checks"
            value={totals.data.ok ? "All pass" : "Failing"}
            hint={`${totals.data.checks.filter((c) => c.ok).length} of ${totals.data.checks.length} invariants hold`}
          />
        </StatGrid>
      ) : null}
      <Panel title="Live registry" id="registry">
        <LoadState loading={registry.loading && !registry.data} error={registry.error} what="the registry" />
        {registry.data ? <RegistryPanel registry={registry.data} /> : null}
      </Panel>
      <EpochsPanel token={props.token} onAuthError={props.onAuthError} />
      <AccountsPanel token={props.token} />
    </>
  );
}
