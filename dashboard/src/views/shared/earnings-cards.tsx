import { earned, type ReferralStats } from "../../api/schemas";
import { StatCard, StatGrid } from "../../components/stat-card";
import { formatDecimal, sumDecimals } from "../../lib/points";

/** Today / 30 days / all time of what the account earns itself, plus the total with referrals. */
export function EarningsCards(props: { stats: ReferralStats; idPrefix: "usage" | "compute"; label: string; group: string }) {
  const s = props.stats;
  return (
    <StatGrid label={props.group}>
      <StatCard id={`${props.idPrefix}-today`} label={`${props.label} today`} value={formatDecimal(earned(s.today))} />
      <StatCard id={`${props.idPrefix}-30d`} label={`${props.label}, 30 days`} value={formatDecimal(sumDecimals(s.history.map((d) => earned(d))))} />
      <StatCard id={`${props.idPrefix}-all`} label={`${props.label}, all time`} value={formatDecimal(earned(s.totals))} />
      <StatCard
        id="total-all"
        label="Total with referrals"
        value={formatDecimal(s.totals.total)}
        hint={`${formatDecimal(s.totals.referral)} referral · ${formatDecimal(s.totals.directBonus)} bonus`}
      />
    </StatGrid>
  );
}
