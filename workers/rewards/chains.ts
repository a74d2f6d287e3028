/** Up to three referrers above an account: [level1, level2, level3] (missing levels absent). */
export type Chains = Map<string, string[]>;

const CHUNK = 90;

/**
 * Loads the referral chains of many accounts with one query per 90 ids (D1 caps bound
 * parameters at 100 per statement). Users refer users and providers refer providers only.
 */
export async function loadChains(db: D1Database, table: "users" | "providers", ids: Iterable<string>): Promise<Chains> {
  const all = [...new Set(ids)];
  const chains: Chains = new Map();
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < all.length; i += CHUNK) {
    const part = all.slice(i, i + CHUNK);
    statements.push(
      db
        .prepare(
          `SELECT a.id AS id, a.referrer_id AS r1, b.referrer_id AS r2, c.referrer_id AS r3
             FROM ${table} a LEFT JOIN ${table} b ON b.id = a.referrer_id LEFT JOIN ${table} c ON c.id = b.referrer_id
            WHERE a.id IN (${part.map((_, k) => `?${k + 1}`).join(",")})`,
        )
        .bind(...part),
    );
  }
  if (statements.length === 0) return chains;
  const results = await db.batch<{ id: string; r1: string | null; r2: string | null; r3: string | null }>(statements);
  for (const r of results) {
    for (const row of r.results) {
      const chain: string[] = [];
      for (const ref of [row.r1, row.r2, row.r3]) {
        if (!ref) break;
        chain.push(ref);
      }
      chains.set(row.id, chain);
    }
  }
  return chains;
}
