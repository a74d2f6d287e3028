import { useState } from "preact/hooks";
import { api, type ApiError, errorMessage } from "../../api/client";
import { EpochDetail, EpochList } from "../../api/schemas";
import { DataTable } from "../../components/data-table";
import { Notice } from "../../components/notice";
import { Panel } from "../../components/panel";
import { formatDecimal } from "../../lib/points";
import { useResource } from "../../lib/use-resource";
import { LoadState } from "../shared/load-state";

const money = (v: string | undefined) => (v === undefined ? "—" : formatDecimal(v, 2, 2));

export function EpochsPanel(props: { token: string; onAuthError(e: ApiError): void }) {
  const list = useResource(() => api(EpochList, "/api/admin/epochs", { token: props.token }), { onAuthError: props.onAuthError });
  const [epoch, setEpoch] = useState("");
  const [revenue, setRevenue] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [detail, setDetail] = useState<EpochDetail | null>(null);

  async function close(e: Event) {
    e.preventDefault();
    if (!/^\d+(\.\d{1,2})?$/.test(revenue.trim())) {
      setMessage({ ok: false, text: "Revenue must be an amount like 1234.56." });
      return;
    }
    setBusy(true);
    try {
      const body = epoch.trim() ? { epoch: epoch.trim(), revenue: revenue.trim() } : { revenue: revenue.trim() };
      const d = await api(EpochDetail, "/api/admin/epochs/close", { method: "POST", token: props.token, body });
      setDetail(d);
      setMessage({ ok: true, text: `Epoch ${d.epoch} closed: ${d.payouts.length} payout${d.payouts.length === 1 ? "" : "s"}.` });
      await list.reload();
    } catch (err) {
      setMessage({ ok: false, text: `Could not close the epoch: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  }

  async function show(id: string) {
    try {
      setDetail(await api(EpochDetail, `/api/admin/epochs/${encodeURIComponent(id)}`, { token: props.token }));
    } catch (err) {
      setMessage({ ok: false, text: `Could not load epoch ${id}: ${errorMessage(err)}` });
    }
  }

  return (
    <Panel title="Epochs" id="epochs">
      <form class="grid-form" onSubmit={close}>
        <div>
          <label for="epoch-month">Epoch (YYYY-MM)</label>
          <input id="epoch-month" value={epoch} placeholder="last month" pattern="\d{4}-(0[1-9]|1[0-2])" onInput={(e) => setEpoch(e.currentTarget.value)} />
        </div>
        <div>
          <label for="epoch-revenue">Revenue</label>
          <input id="epoch-revenue" value={revenue} inputMode="decimal" placeholder="1234.56" onInput={(e) => setRevenue(e.currentTarget.value)} />
        </div>
        <button class="btn" type="submit" disabled={busy}>
          {busy ? "Closing…" : "Close epoch"}
        </button>
      </form>
      <p class="muted">Closing splits the revenue by points earned in the month. Payouts are written once and never change.</p>
      {message ? <Notice kind={message.ok ? "success" : "error"}>{message.text}</Notice> : null}
      <LoadState loading={list.loading && !list.data} error={list.error} what="epochs" />
      {list.data ? (
        <DataTable
          caption="Closed epochs"
          rows={list.data.data}
          rowKey={(e) => e.epoch}
          empty="No epoch closed yet."
          columns={[
            { header: "Epoch", cell: (e) => e.epoch },
            { header: "Revenue", cell: (e) => money(e.revenue), numeric: true },
            { header: "Points", cell: (e) => (e.totalPoints ? formatDecimal(e.totalPoints) : "—"), numeric: true },
            { header: "Accounts", cell: (e) => e.accounts ?? "—", numeric: true },
            {
              header: "Payouts",
              cell: (e) => (
                <button type="button" class="btn btn-small" onClick={() => void show(e.epoch)} aria-label={`Show payouts of ${e.epoch}`}>
                  Show
                </button>
              ),
            },
          ]}
        />
      ) : null}
      {detail ? (
        <div data-testid="epoch-detail">
          <h3>
            Payouts of {detail.epoch} <span class="muted">· revenue {money(detail.revenue)} · {detail.totalPoints ? formatDecimal(detail.totalPoints) : "—"} points</span>
          </h3>
          <DataTable
            caption={`Payouts of ${detail.epoch}`}
            captionHidden
            rows={detail.payouts}
            rowKey={(p) => p.accountId}
            empty="Nobody earned points in this epoch."
            columns={[
              { header: "Account", cell: (p) => <code>{p.accountId}</code> },
              { header: "Points", cell: (p) => (p.points ? formatDecimal(p.points) : "—"), numeric: true },
              { header: "Payout", cell: (p) => money(p.payout), numeric: true },
            ]}
          />
        </div>
      ) : null}
    </Panel>
  );
}
