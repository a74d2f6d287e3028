import { api, type ApiError } from "../../api/client";
import { earned, ReferralStats } from "../../api/schemas";
import { Panel } from "../../components/panel";
import { StatCard, StatGrid } from "../../components/stat-card";
import { formatDecimal, sumDecimals } from "../../lib/points";
import { directBonus, referralShares } from "../../lib/rules";
import { useResource } from "../../lib/use-resource";
import { HistoryChart } from "../shared/history-chart";
import { LoadState } from "../shared/load-state";
import { NetworkTable } from "../shared/network-table";
import { ReferralPanel } from "../shared/referral-panel";
import { KeysPanel } from "./keys-panel";
import { QuickStart } from "./quick-start";

export function UserView(props: { userId: string; secret: string; onAuthError(e: ApiError): void }) {
  const base = `/api/user/${encodeURIComponent(props.userId)}`;
  const stats = useResource(() => api(ReferralStats, `${base}/referral-stats`, { token: props.secret }), { refreshMs: 15_000, onAuthError: props.onAuthError });
  const s = stats.data;
  return (
    <>
      <LoadState loading={stats.loading && !s} error={stats.error} what="your points" />
      {s ? (
        <>
          <StatGrid label="Usage points">
            <StatCard id="usage-today" label="Usage points today" value={formatDecimal(earned(s.today))} />
            <StatCard id="usage-30d" label="Usage points, 30 days" value={formatDecimal(sumDecimals(s.history.map((d) => earned(d))))} />
            <StatCard id="usage-all" label="Usage points, all time" value={formatDecimal(earned(s.totals))} />
            <StatCard
              id="total-all"
              label="Total with referrals"
              value={formatDecimal(s.totals.total)}
              hint={`${formatDecimal(s.totals.referral)} referral · ${formatDecimal(s.totals.directBonus)} bonus`}
            />
          </StatGrid>
          <Panel title="History" id="history">
            <HistoryChart stats={s} earnedName="Usage" />
          </Panel>
          <div class="two-col">
            <ReferralPanel basePath={base} secret={props.secret} stats={s} onApplied={() => void stats.reload()} bonus={directBonus("user")} />
            <Panel title="Your network" id="network">
              <NetworkTable stats={s} shares={referralShares("user")} />
            </Panel>
          </div>
        </>
      ) : null}
      <KeysPanel userId={props.userId} secret={props.secret} onAuthError={props.onAuthError} />
      <QuickStart />
    </>
  );
}
