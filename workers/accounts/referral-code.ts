import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { providers, users } from "../db/schema";
import { ApiError } from "../lib/api-error";
import { PROVIDER_ID_RE, USER_ID_RE } from "../lib/random";

export type AccountKind = "user" | "provider";

/**
 * Checks a referral code offered at signup: it must be an existing account id of the same
 * kind (users refer users, providers refer providers).
 */
export async function checkReferralCode(db: Db, kind: AccountKind, code: string): Promise<string> {
  const ownRe = kind === "user" ? USER_ID_RE : PROVIDER_ID_RE;
  const otherRe = kind === "user" ? PROVIDER_ID_RE : USER_ID_RE;
  if (otherRe.test(code)) {
    throw new ApiError(400, `A ${kind} can only be referred by another ${kind}: ${code} is a ${kind === "user" ? "provider" : "user"} id.`, {
      code: "referral_wrong_type",
      param: "referralCode",
    });
  }
  if (!ownRe.test(code)) {
    throw new ApiError(400, `Referral code must be a ${kind === "user" ? "user id (usr_…)" : "provider id (prov_…)"}.`, {
      code: "invalid_referral_code",
      param: "referralCode",
    });
  }
  const table = kind === "user" ? users : providers;
  const found = await db.select({ id: table.id }).from(table).where(eq(table.id, code)).get();
  if (!found) throw new ApiError(404, `Unknown referral code: ${code}`, { code: "referral_code_not_found", param: "referralCode" });
  return found.id;
}
