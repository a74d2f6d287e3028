import { useState } from "preact/hooks";
import { api, errorMessage } from "../../api/client";
import { UserCreated } from "../../api/schemas";
import { CopyButton } from "../../components/copy-button";
import { Notice } from "../../components/notice";

export function CreateAccount(props: { onContinue(created: UserCreated): void }) {
  const [created, setCreated] = useState<UserCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    setError(null);
    try {
      setCreated(await api(UserCreated, "/api/users", { method: "POST", body: {} }));
    } catch (err) {
      setError(`Could not create an account: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  }

  if (!created) {
    return (
      <div class="create-account">
        <p class="muted">New to Cxmpute?</p>
        <button type="button" class="btn btn-secondary" onClick={() => void create()} disabled={busy}>
          {busy ? "Creating…" : "Create account"}
        </button>
        {error ? <Notice kind="error">{error}</Notice> : null}
      </div>
    );
  }
  return (
    <div class="secret-once" data-testid="account-created">
      <p>
        <strong>Account created.</strong> Save both values now: the API key is shown only once.
      </p>
      <div class="label">User id</div>
      <div class="field-row">
        <code class="code-chip wrap" data-testid="created-user-id">
          {created.userId}
        </code>
        <CopyButton text={created.userId} label="Copy your user id" />
      </div>
      <div class="label">API key</div>
      <div class="field-row">
        <code class="code-chip wrap" data-testid="created-api-key">
          {created.apiKey}
        </code>
        <CopyButton text={created.apiKey} label="Copy your API key" />
      </div>
      <button type="button" class="btn" onClick={() => props.onContinue(created)}>
        Continue to dashboard
      </button>
    </div>
  );
}
