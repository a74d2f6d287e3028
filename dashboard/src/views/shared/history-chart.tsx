import { earned, type ReferralStats } from "../../api/schemas";
import { LineChart } from "../../components/line-chart";

export function HistoryChart(props: { stats: ReferralStats; earnedName: string }) {
  const h = props.stats.history;
  return (
    <LineChart
      title="Last 30 days"
      dates={h.map((d) => d.date)}
      series={[
        { name: props.earnedName, tone: "primary", values: h.map((d) => earned(d)) },
        { name: "Referral", tone: "accent", values: h.map((d) => d.referral) },
      ]}
    />
  );
}
