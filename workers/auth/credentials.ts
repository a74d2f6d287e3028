import { sha256Hex } from "@cxmpute/protocol";
import { crc32 } from "../lib/crc32";
import { randomBase62, toBase62 } from "../lib/random";

/**
 * Secrets have a fixed shape: prefix, random body, 6-char CRC32 checksum of prefix+body.
 * A typo or a forged string fails the checksum before any database read.
 */
const KINDS = {
  apiKey: { prefix: "cxk_", bodyLength: 32 },
  providerSecret: { prefix: "cxps_", bodyLength: 40 },
} as const;
export type CredentialKind = keyof typeof KINDS;

const CHECKSUM_LENGTH = 6;

export function generateCredential(kind: CredentialKind): string {
  const { prefix, bodyLength } = KINDS[kind];
  const head = prefix + randomBase62(bodyLength);
  return head + toBase62(crc32(head), CHECKSUM_LENGTH);
}

export function isWellFormed(kind: CredentialKind, value: string): boolean {
  const { prefix, bodyLength } = KINDS[kind];
  if (value.length !== prefix.length + bodyLength + CHECKSUM_LENGTH || !value.startsWith(prefix)) return false;
  if (!/^[0-9A-Za-z]+$/.test(value.slice(prefix.length))) return false;
  const head = value.slice(0, -CHECKSUM_LENGTH);
  return toBase62(crc32(head), CHECKSUM_LENGTH) === value.slice(-CHECKSUM_LENGTH);
}

/** What is stored: SHA-256 of the whole credential (high-entropy, so no slow KDF is needed). */
export const hashCredential = (value: string): Promise<string> => sha256Hex(value);

/** Safe to show and store: "cxk_AbCd…wxyz". */
export function displayHint(value: string): string {
  const { prefix } = value.startsWith(KINDS.providerSecret.prefix) ? KINDS.providerSecret : KINDS.apiKey;
  return `${value.slice(0, prefix.length + 4)}…${value.slice(-4)}`;
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}
