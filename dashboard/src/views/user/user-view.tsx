import { api, type ApiError } from "../../api/client";
import { ReferralStats } from "../../api/schemas";
import { Panel } from "../../components/panel";
import { directBonus, referralShares } from "../../lib/rules";
import { useResource } from "../../lib/use-resource";
import { EarningsCards } from "../shared/earnings-cards";
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
          <EarningsCards stats={s} idPrefix="usage" label="Usage points" group="Usage points" />
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
