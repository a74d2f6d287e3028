import { useState } from "preact/hooks";
import { api, errorMessage } from "../../api/client";
import { Suspension } from "../../api/schemas";
import { Notice } from "../../components/notice";
import { Panel } from "../../components/panel";

export function AccountsPanel(props: { token: string }) {
  const [accountId, setAccountId] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function act(action: "suspend" | "unsuspend") {
    const id = accountId.trim();
    if (!id) {
      setMessage({ ok: false, text: "Enter a user (usr_…) or provider (prov_…) id." });
      return;
    }
    setBusy(true);
    try {
      const r = await api(Suspension, `/api/admin/accounts/${encodeURIComponent(id)}/${action}`, { method: "POST", token: props.token });
      setMessage({ ok: true, text: r.suspended ? `${r.accountId} is suspended: the API refuses it.` : `${r.accountId} is active again.` });
    } catch (err) {
      setMessage({ ok: false, text: `Could not ${action} ${id}: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="Accounts" id="accounts">
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act("suspend");
        }}
      >
        <label for="account-id">Account id</label>
        <div class="input-row">
          <input id="account-id" value={accountId} onInput={(e) => setAccountId(e.currentTarget.value)} autocomplete="off" spellcheck={false} placeholder="usr_… or prov_…" />
          <button class="btn btn-danger" type="submit" disabled={busy}>
            Suspend
          </button>
          <button class="btn btn-secondary" type="button" disabled={busy} onClick={() => void act("unsuspend")}>
            Unsuspend
          </button>
        </div>
      </form>
      {message ? <Notice kind={message.ok ? "success" : "error"}>{message.text}</Notice> : null}
    </Panel>
  );
}
