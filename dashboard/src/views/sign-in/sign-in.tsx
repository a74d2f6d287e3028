import { useState } from "preact/hooks";
import { errorMessage } from "../../api/client";
import { Notice } from "../../components/notice";
import type { Role, Session } from "../../lib/session";
import { CreateAccount } from "./create-account";
import { verifySession } from "./verify";

const ROLES: { role: Role; label: string }[] = [
  { role: "user", label: "User" },
  { role: "provider", label: "Provider" },
  { role: "admin", label: "Admin" },
];

const FIELDS: Record<Role, { id: string; secret: string; idHint: string }> = {
  user: { id: "User id", secret: "API key", idHint: "usr_…" },
  provider: { id: "Provider id", secret: "Provider secret", idHint: "prov_…" },
  admin: { id: "", secret: "Admin token", idHint: "" },
};

export function SignIn(props: { initialRole: Role; notice: string | null; onSignedIn(session: Session): void }) {
  const [role, setRole] = useState<Role>(props.initialRole);
  const [id, setId] = useState("");
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const f = FIELDS[role];

  async function submit(e: Event) {
    e.preventDefault();
    const session: Session = role === "admin" ? { role, secret: secret.trim() } : { role, id: id.trim(), secret: secret.trim() };
    if ((session.role !== "admin" && !session.id) || !session.secret) {
      setError(`Enter your ${role === "admin" ? "admin token" : `${f.id.toLowerCase()} and ${f.secret.toLowerCase()}`}.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await verifySession(session);
      props.onSignedIn(session);
    } catch (err) {
      setError(`Sign-in failed: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="sign-in">
      <div class="card">
        <h1>Sign in to Cxmpute</h1>
        {props.notice ? <Notice kind="error">{props.notice}</Notice> : null}
        <form onSubmit={submit}>
          <fieldset class="segmented">
            <legend>I am a</legend>
            {ROLES.map((r) => (
              <label key={r.role} class={role === r.role ? "selected" : ""}>
                <input
                  type="radio"
                  name="role"
                  value={r.role}
                  checked={role === r.role}
                  onChange={() => {
                    setRole(r.role);
                    setError(null);
                  }}
                />
                {r.label}
              </label>
            ))}
          </fieldset>
          {role !== "admin" ? (
            <>
              <label for="signin-id">{f.id}</label>
              <input id="signin-id" value={id} placeholder={f.idHint} autocomplete="username" spellcheck={false} onInput={(e) => setId(e.currentTarget.value)} />
            </>
          ) : null}
          <label for="signin-secret">{f.secret}</label>
          <input id="signin-secret" type="password" value={secret} autocomplete="current-password" onInput={(e) => setSecret(e.currentTarget.value)} />
          {error ? <Notice kind="error">{error}</Notice> : null}
          <button class="btn btn-block" type="submit" disabled={busy}>
            {busy ? "Checking…" : "Sign in"}
          </button>
        </form>
        {role === "user" ? <CreateAccount onContinue={(c) => props.onSignedIn({ role: "user", id: c.userId, secret: c.apiKey })} /> : null}
        {role === "provider" ? (
          <p class="muted">
            New provider? Run <code>npx cxmpute-provider</code>: the wizard registers you and prints your id and secret.
          </p>
        ) : null}
      </div>
    </div>
  );
}
