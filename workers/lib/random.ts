const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Uniform base62 string from the CSPRNG (rejection sampling keeps every character equally likely). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

export function toBase62(n: number, width: number): string {
  let out = "";
  let v = n >>> 0;
  for (let i = 0; i < width; i++) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

export const newUserId = (): string => `usr_${randomBase62(20)}`;
export const newProviderId = (): string => `prov_${randomBase62(20)}`;
export const newKeyId = (): string => `key_${randomBase62(16)}`;

export const USER_ID_RE = /^usr_[0-9A-Za-z]{20}$/;
export const PROVIDER_ID_RE = /^prov_[0-9A-Za-z]{20}$/;
