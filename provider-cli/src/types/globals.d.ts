// @cxmpute/protocol is written against WebCrypto's global types (workerd has them); @types/node
// only exposes them under `crypto.webcrypto`.
import type { webcrypto } from "node:crypto";

declare global {
  type CryptoKey = webcrypto.CryptoKey;
  /** Injected by the esbuild build; undefined when running from sources (tests). */
  const __CLI_VERSION__: string | undefined;
}
