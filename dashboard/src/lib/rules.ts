// Deep imports of the shared protocol module: its index also pulls in node signing code the
// browser never needs (and whose WebCrypto typings clash with the DOM lib).
import { DIRECT_BONUS, REFERRAL_PERMILLE, UNITS_PER_POINT } from "../../../protocol/src/rewards";
import { TIERS } from "../../../protocol/src/tiers";

export type AccountKind = "user" | "provider";

/** Per-mille → "2.5%": the same tables the Worker credits with, never a second copy. */
function percent(permille: bigint): string {
  const tenths = Number(permille);
  return `${tenths / 10}%`;
}

export function referralShares(kind: AccountKind): [string, string, string] {
  const [a = 0n, b = 0n, c = 0n] = REFERRAL_PERMILLE[kind];
  return [percent(a), percent(b), percent(c)];
}

export function directBonus(kind: AccountKind): string {
  return (DIRECT_BONUS[kind] / UNITS_PER_POINT).toString();
}

export function tierName(id: string): string {
  return TIERS.find((t) => t.id === id)?.name ?? id;
}
