import { DIRECT_BONUS } from "@cxmpute/protocol";
import { ApiError } from "../lib/api-error";

export type AccountKind = "user" | "provider";

const TABLE = { user: "users", provider: "providers" } as const;

/** Idempotency key of the direct bonus: one per referred account, ever. */
export const directBonusRequestId = (referredId: string) => `referral:${referredId}`;

const PREFIX = { user: "usr_", provider: "prov_" } as const;

/**
 * A code with the other account type's prefix is a type error and one with no known prefix is not a
 * referral code at all (400); a well-prefixed code that names no account is simply unknown (404),
 * whatever its length.
 */
function checkCodeShape(kind: AccountKind, accountId: string, code: string): void {
  if (code.startsWith(PREFIX[kind === "user" ? "provider" : "user"])) {
    throw new ApiError(400, `A ${kind} can only be referred by another ${kind}: ${code} is a ${kind === "user" ? "provider" : "user"} id.`, { code: "referral_wrong_type", param: "referralCode" });
  }
  if (!code.startsWith(PREFIX[kind])) {
    throw new ApiError(400, `Referral code must be a ${kind === "user" ? "user id (usr_…)" : "provider id (prov_…)"}.`, { code: "invalid_referral_code", param: "referralCode" });
  }
  if (code === accountId) throw new ApiError(400, "You cannot refer yourself.", { code: "referral_self", param: "referralCode" });
}

/**
 * Sets the referrer of `accountId` once, and pays the referrer the direct bonus once. The update
 * itself refuses an existing referrer and any cycle (checked inside SQL, so two racing requests
 * cannot close a loop), and the bonus row is written only if this very update took effect.
 */
export function referralStatements(db: D1Database, kind: AccountKind, accountId: string, code: string, now: number): D1PreparedStatement[] {
  const t = TABLE[kind];
  return [
    db
      .prepare(
        `UPDATE ${t} SET referrer_id = ?1
          WHERE id = ?2 AND referrer_id IS NULL
            AND ?2 NOT IN (
              WITH RECURSIVE chain(id, depth) AS (
                SELECT ?1, 0
                UNION ALL
                SELECT x.referrer_id, chain.depth + 1 FROM ${t} x JOIN chain ON x.id = chain.id
                 WHERE x.referrer_id IS NOT NULL AND chain.depth < 10000)
              SELECT id FROM chain)`,
      )
      .bind(code, accountId),
    db
      .prepare(
        `INSERT OR IGNORE INTO ledger_entries (request_id, account_id, kind, amount, source_account, tokens, created_at)
         SELECT ?1, ?2, 'direct_bonus', ?3, ?4, 0, ?5 WHERE EXISTS (SELECT 1 FROM ${t} WHERE id = ?4 AND referrer_id = ?2)`,
      )
      .bind(directBonusRequestId(accountId), code, DIRECT_BONUS[kind].toString(), accountId, now),
  ];
}

/** Validates the code and explains precisely why it is refused. */
export async function checkReferral(db: D1Database, kind: AccountKind, accountId: string | null, code: string): Promise<void> {
  checkCodeShape(kind, accountId ?? "", code);
  const t = TABLE[kind];
  const target = await db.prepare(`SELECT id FROM ${t} WHERE id = ?1`).bind(code).first<{ id: string }>();
  if (!target) throw new ApiError(404, `Unknown referral code: ${code}`, { code: "referral_code_not_found", param: "referralCode" });
  if (!accountId) return;
  const me = await db.prepare(`SELECT referrer_id AS r FROM ${t} WHERE id = ?1`).bind(accountId).first<{ r: string | null }>();
  if (!me) throw new ApiError(404, `No such ${kind}: ${accountId}`, { code: `${kind}_not_found` });
  if (me.r) throw new ApiError(409, `A referral code is already applied (${me.r}); referrals are permanent.`, { code: "referral_already_set" });
}

export async function applyReferral(db: D1Database, kind: AccountKind, accountId: string, code: string): Promise<{ referrer: string }> {
  await checkReferral(db, kind, accountId, code);
  const [update] = await db.batch(referralStatements(db, kind, accountId, code, Date.now()));
  if (!update || update.meta.changes === 0) {
    // Not already set (checked above), so the cycle guard refused it — or a racing request won.
    const again = await db.prepare(`SELECT referrer_id AS r FROM ${TABLE[kind]} WHERE id = ?1`).bind(accountId).first<{ r: string | null }>();
    if (again?.r) throw new ApiError(409, `A referral code is already applied (${again.r}); referrals are permanent.`, { code: "referral_already_set" });
    throw new ApiError(409, `${code} is in your own referral network: applying it would create a cycle.`, { code: "referral_cycle", param: "referralCode" });
  }
  return { referrer: code };
}
