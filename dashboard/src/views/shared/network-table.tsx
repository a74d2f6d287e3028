import type { ReferralStats } from "../../api/schemas";
import { DataTable } from "../../components/data-table";
import { formatDecimal } from "../../lib/points";

interface Row {
  level: string;
  share: string;
  people: number;
  rewards: string;
}

export function NetworkTable(props: { stats: ReferralStats; shares: [string, string, string] }) {
  const { network, rewardsByLevel } = props.stats;
  const rows: Row[] = [
    { level: "Direct (level 1)", share: props.shares[0], people: network.level1, rewards: rewardsByLevel.level1 },
    { level: "Secondary (level 2)", share: props.shares[1], people: network.level2, rewards: rewardsByLevel.level2 },
    { level: "Tertiary (level 3)", share: props.shares[2], people: network.level3, rewards: rewardsByLevel.level3 },
  ];
  return (
    <DataTable
      caption="Referral network by level"
      rows={rows}
      rowKey={(r) => r.level}
      columns={[
        { header: "Level", cell: (r) => r.level },
        { header: "Share", cell: (r) => r.share, numeric: true },
        { header: "People", cell: (r) => r.people, numeric: true },
        { header: "Rewards", cell: (r) => formatDecimal(r.rewards), numeric: true },
      ]}
    />
  );
}
