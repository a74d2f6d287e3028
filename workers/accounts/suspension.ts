import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { providers, users } from "../db/schema";
import { forgetAllPrincipals } from "../auth/principals";
import { ApiError } from "../lib/api-error";
import { PROVIDER_ID_RE, USER_ID_RE } from "../lib/random";

export interface SuspensionView {
  accountId: string;
  suspended: boolean;
  suspendedAt: string | null;
}

/** Admin action. Other isolates notice within KEY_CACHE_TTL_MS; this one at once. */
export async function setSuspended(db: Db, accountId: string, suspended: boolean): Promise<SuspensionView> {
  const table = USER_ID_RE.test(accountId) ? users : PROVIDER_ID_RE.test(accountId) ? providers : null;
  if (!table) throw new ApiError(400, "accountId must be a usr_… or prov_… id.", { code: "invalid_account_id", param: "accountId" });
  const at = suspended ? Date.now() : null;
  const row = await db.update(table).set({ suspendedAt: at }).where(eq(table.id, accountId)).returning({ id: table.id }).get();
  if (!row) throw new ApiError(404, `No such account: ${accountId}`, { code: "account_not_found", param: "accountId" });
  forgetAllPrincipals();
  return { accountId, suspended, suspendedAt: at === null ? null : new Date(at).toISOString() };
}
