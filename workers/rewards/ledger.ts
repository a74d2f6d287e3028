/** One ledger row as the engine produces it (amount in nano-points). */
export interface LedgerRow {
  requestId: string;
  accountId: string;
  kind: "compute" | "usage" | "referral_l1" | "referral_l2" | "referral_l3" | "direct_bonus";
  amount: bigint;
  sourceAccount: string;
  service: string | null;
  model: string | null;
  tier: string | null;
  tokens: number;
  createdAt: number;
}

/** Rows per statement: the whole set travels as one JSON parameter, so D1's bound-parameter cap never bites. */
const ROWS_PER_STATEMENT = 400;

const COLUMNS = `(request_id, account_id, kind, amount, source_account, service, model, tier, tokens, created_at)`;
const SELECT_JSON = `SELECT j.value ->> '$[0]', j.value ->> '$[1]', j.value ->> '$[2]', CAST(j.value ->> '$[3]' AS INTEGER), j.value ->> '$[4]',
         j.value ->> '$[5]', j.value ->> '$[6]', j.value ->> '$[7]', j.value ->> '$[8]', j.value ->> '$[9]'
  FROM json_each(?1) AS j`;

const INSERT_SQL = `INSERT OR IGNORE INTO ledger_entries ${COLUMNS} ${SELECT_JSON}`;

/**
 * Referral shares are written only while their request has no original credit yet. A redelivery
 * after the earner applied a referral code would otherwise pay a referrer for work done before
 * the link existed: a credit that the first delivery never made.
 */
const INSERT_SHARES_SQL = `INSERT OR IGNORE INTO ledger_entries ${COLUMNS} ${SELECT_JSON}
  WHERE NOT EXISTS (SELECT 1 FROM ledger_entries o
                     WHERE o.request_id = j.value ->> '$[0]' AND o.account_id = j.value ->> '$[4]' AND o.kind IN ('compute', 'usage'))`;

const isShare = (r: LedgerRow) => r.kind === "referral_l1" || r.kind === "referral_l2" || r.kind === "referral_l3";

function chunked(db: D1Database, sql: string, rows: LedgerRow[]): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => [
      r.requestId, r.accountId, r.kind, r.amount.toString(), r.sourceAccount, r.service, r.model, r.tier, r.tokens, r.createdAt,
    ]);
    out.push(db.prepare(sql).bind(JSON.stringify(chunk)));
  }
  return out;
}

/**
 * Multi-row INSERT OR IGNORE statements for one `db.batch()` (one transaction). Shares go first,
 * guarded by the absence of their original credit; the original credits follow. Amounts travel as
 * text so no float ever carries them.
 */
export function insertStatements(db: D1Database, rows: LedgerRow[]): D1PreparedStatement[] {
  return [...chunked(db, INSERT_SHARES_SQL, rows.filter(isShare)), ...chunked(db, INSERT_SQL, rows.filter((r) => !isShare(r)))];
}
