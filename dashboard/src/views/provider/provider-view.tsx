import { api, type ApiError } from "../../api/client";
import { NodeList, ReferralStats } from "../../api/schemas";
import { BarList } from "../../components/bar-list";
import { Panel } from "../../components/panel";
import { directBonus, referralShares, tierName } from "../../lib/rules";
import { useResource } from "../../lib/use-resource";
import { EarningsCards } from "../shared/earnings-cards";
import { HistoryChart } from "../shared/history-chart";
import { LoadState } from "../shared/load-state";
import { NetworkTable } from "../shared/network-table";
import { ReferralPanel } from "../shared/referral-panel";
import { NodesTable } from "./nodes-table";

export function ProviderView(props: { providerId: string; secret: string; onAuthError(e: ApiError): void }) {
  const base = `/api/providers/${encodeURIComponent(props.providerId)}`;
  const opts = { refreshMs: 10_000, onAuthError: props.onAuthError };
  const stats = useResource(() => api(ReferralStats, `${base}/referral-stats`, { token: props.secret }), opts);
  const nodes = useResource(() => api(NodeList, `${base}/nodes`, { token: props.secret }), opts);
  const s = stats.data;
  const live = nodes.data?.data.filter((n) => n.status === "active").length ?? 0;
  return (
    <>
      <LoadState loading={stats.loading && !s} error={stats.error} what="your earnings" />
      {s ? (
        <>
          <EarningsCards stats={s} idPrefix="compute" label="Compute" group="Compute earnings" />
          <Panel title="History" id="history">
            <HistoryChart stats={s} earnedName="Compute" />
          </Panel>
          <Panel title="Earnings breakdown" id="breakdown">
            <div class="two-col flat">
              <BarList title="By tier" rows={(s.byTier ?? []).map((t) => ({ label: tierName(t.tier), amount: t.amount }))} empty="No compute earnings yet." />
              <BarList title="By model" rows={(s.byModel ?? []).map((m) => ({ label: m.model, amount: m.amount }))} empty="No compute earnings yet." />
            </div>
          </Panel>
        </>
      ) : null}
      <Panel title="Nodes" id="nodes" actions={nodes.data ? <span class="muted">{`${live} of ${nodes.data.data.length} active`}</span> : null}>
        <LoadState loading={nodes.loading && !nodes.data} error={nodes.error} what="your nodes" />
        {nodes.data ? <NodesTable nodes={nodes.data.data} /> : null}
      </Panel>
      {s ? (
        <div class="two-col">
          <ReferralPanel basePath={base} secret={props.secret} stats={s} onApplied={() => void stats.reload()} bonus={directBonus("provider")} />
          <Panel title="Your network" id="network">
            <NetworkTable stats={s} shares={referralShares("provider")} />
          </Panel>
        </div>
      ) : null}
    </>
  );
}
