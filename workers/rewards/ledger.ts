/** One ledger row as the engine produces it (amount in nano-points, as a decimal string for exactness in JSON). */
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

const INSERT_SQL = `INSERT OR IGNORE INTO ledger_entries
  (request_id, account_id, kind, amount, source_account, service, model, tier, tokens, created_at)
  SELECT j.value ->> '$[0]', j.value ->> '$[1]', j.value ->> '$[2]', CAST(j.value ->> '$[3]' AS INTEGER), j.value ->> '$[4]',
         j.value ->> '$[5]', j.value ->> '$[6]', j.value ->> '$[7]', j.value ->> '$[8]', j.value ->> '$[9]'
  FROM json_each(?1) AS j`;

/** Multi-row INSERT OR IGNORE statements for `db.batch()`. Amounts are sent as text so no float ever carries them. */
export function insertStatements(db: D1Database, rows: LedgerRow[]): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => [
      r.requestId, r.accountId, r.kind, r.amount.toString(), r.sourceAccount, r.service, r.model, r.tier, r.tokens, r.createdAt,
    ]);
    out.push(db.prepare(INSERT_SQL).bind(JSON.stringify(chunk)));
  }
  return out;
}
