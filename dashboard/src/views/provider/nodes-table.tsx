import type { NodeView } from "../../api/schemas";
import { DataTable } from "../../components/data-table";
import { StatusBadge } from "../../components/status-badge";
import { tierName } from "../../lib/rules";

function ago(value: string | number | null): string {
  if (value === null) return "never";
  const t = typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(t)) return String(value);
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

export function NodesTable(props: { nodes: NodeView[] }) {
  return (
    <DataTable
      caption="Your nodes"
      captionHidden
      rows={props.nodes}
      rowKey={(n) => n.nodeId}
      empty="No live nodes. Start one with: npx cxmpute-provider"
      columns={[
        { header: "Status", cell: (n) => <StatusBadge status={n.status} /> },
        { header: "Node", cell: (n) => <code title={n.publicUrl}>{n.nodeId}</code> },
        { header: "Tier", cell: (n) => tierName(n.tier) },
        { header: "Models", cell: (n) => (n.models.length ? n.models.join(", ") : "—") },
        { header: "Latency", cell: (n) => (n.latencyMs === null ? "—" : `${Math.round(n.latencyMs)} ms`), numeric: true },
        { header: "Success", cell: (n) => (n.successRate === null ? "—" : `${(n.successRate * 100).toFixed(1)}%`), numeric: true },
        { header: "Load", cell: (n) => `${n.inFlight}/${n.capacity}`, numeric: true },
        { header: "Heartbeat", cell: (n) => ago(n.lastHeartbeatAt) },
      ]}
    />
  );
}
