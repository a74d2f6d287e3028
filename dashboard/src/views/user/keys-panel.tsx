import { useState } from "preact/hooks";
import { z } from "zod";
import { api, type ApiError, errorMessage } from "../../api/client";
import { ApiKeyCreated, ApiKeyList, type ApiKey } from "../../api/schemas";
import { CopyButton } from "../../components/copy-button";
import { DataTable } from "../../components/data-table";
import { Notice } from "../../components/notice";
import { Panel } from "../../components/panel";
import { useResource } from "../../lib/use-resource";
import { LoadState } from "../shared/load-state";

const Ignored = z.unknown();

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

export function KeysPanel(props: { userId: string; secret: string; onAuthError(e: ApiError): void }) {
  const base = `/api/user/${encodeURIComponent(props.userId)}/keys`;
  const keys = useResource(() => api(ApiKeyList, base, { token: props.secret }), { onAuthError: props.onAuthError });
  const [name, setName] = useState("");
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) {
      setMessage({ ok: false, text: "Give the key a name, e.g. the app that will use it." });
      return;
    }
    setBusy(true);
    try {
      const k = await api(ApiKeyCreated, base, { method: "POST", token: props.secret, body: { name: name.trim() } });
      setCreated(k);
      setName("");
      setMessage(null);
      await keys.reload();
    } catch (err) {
      setMessage({ ok: false, text: `Could not create the key: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  }

  async function revoke(key: ApiKey) {
    if (!confirm(`Revoke "${key.name}"? Apps using it stop working at once.`)) return;
    try {
      await api(Ignored, `${base}/${encodeURIComponent(key.id)}`, { method: "DELETE", token: props.secret });
      setMessage({ ok: true, text: `Key "${key.name}" revoked.` });
      if (created?.id === key.id) setCreated(null);
      await keys.reload();
    } catch (err) {
      setMessage({ ok: false, text: `Could not revoke the key: ${errorMessage(err)}` });
    }
  }

  return (
    <Panel title="API keys" id="keys">
      <form class="inline-form" onSubmit={create}>
        <label for="key-name">New key name</label>
        <div class="input-row">
          <input id="key-name" value={name} maxLength={64} onInput={(e) => setName(e.currentTarget.value)} autocomplete="off" />
          <button class="btn" type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create key"}
          </button>
        </div>
      </form>
      {created ? (
        <div class="secret-once" data-testid="new-key">
          <p>
            <strong>Copy your new key now</strong> — it is shown only once.
          </p>
          <div class="field-row">
            <code class="code-chip wrap">{created.key}</code>
            <CopyButton text={created.key} label="Copy the new API key" />
          </div>
        </div>
      ) : null}
      {message ? <Notice kind={message.ok ? "success" : "error"}>{message.text}</Notice> : null}
      <LoadState loading={keys.loading && !keys.data} error={keys.error} what="your keys" />
      {keys.data ? (
        <DataTable
          caption="Your API keys"
          captionHidden
          rows={keys.data.data}
          rowKey={(k) => k.id}
          empty="No keys yet."
          columns={[
            { header: "Name", cell: (k) => k.name },
            { header: "Key", cell: (k) => <code>{k.hint}</code> },
            { header: "Created", cell: (k) => when(k.createdAt) },
            {
              header: "Status",
              cell: (k) =>
                k.revokedAt ? (
                  <span class="badge badge-bad">revoked</span>
                ) : (
                  <button type="button" class="btn btn-small btn-danger" onClick={() => void revoke(k)} aria-label={`Revoke key ${k.name}`}>
                    Revoke
                  </button>
                ),
            },
          ]}
        />
      ) : null}
    </Panel>
  );
}
