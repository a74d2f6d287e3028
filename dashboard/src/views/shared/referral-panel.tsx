import { useState } from "preact/hooks";
import { api, errorMessage } from "../../api/client";
import { ReferralApplied, type ReferralStats } from "../../api/schemas";
import { CopyButton } from "../../components/copy-button";
import { Notice } from "../../components/notice";
import { Panel } from "../../components/panel";

export function ReferralPanel(props: { basePath: string; secret: string; stats: ReferralStats; onApplied(): void; bonus: string }) {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const { stats } = props;

  async function apply(e: Event) {
    e.preventDefault();
    const referralCode = code.trim();
    if (!referralCode) {
      setResult({ ok: false, text: "Enter the referral code you were given." });
      return;
    }
    setBusy(true);
    try {
      const r = await api(ReferralApplied, `${props.basePath}/referral`, { method: "POST", token: props.secret, body: { referralCode } });
      setResult({ ok: true, text: `Referral code applied: ${r.referrer} is now your referrer.` });
      setCode("");
      props.onApplied();
    } catch (err) {
      setResult({ ok: false, text: `Referral code refused: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="Referrals" id="referrals">
      <div class="field-row">
        <div>
          <div class="label">Your referral code</div>
          <code class="code-chip" data-testid="referral-code">
            {stats.referralCode}
          </code>
        </div>
        <CopyButton text={stats.referralCode} label="Copy your referral code" />
      </div>
      <p class="muted">Share it: whoever applies it earns you a {props.bonus}-point bonus and a share of their rewards, three levels deep.</p>
      {stats.referrer ? (
        <p data-testid="referrer">
          Referred by <code>{stats.referrer}</code>
        </p>
      ) : (
        <form class="inline-form" onSubmit={apply}>
          <label for="referral-input">Enter referral code</label>
          <div class="input-row">
            <input id="referral-input" value={code} onInput={(e) => setCode(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
            <button class="btn" type="submit" disabled={busy}>
              {busy ? "Applying…" : "Apply"}
            </button>
          </div>
        </form>
      )}
      {result ? <Notice kind={result.ok ? "success" : "error"}>{result.text}</Notice> : null}
    </Panel>
  );
}
