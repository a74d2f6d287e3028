// Provider secrets (cxps_…), API keys (cxk_…), bearer tokens and tunnel tokens never reach a log.
const PATTERNS: RegExp[] = [
  /cxps_[A-Za-z0-9_-]+/g,
  /cxk_[A-Za-z0-9_-]+/g,
  /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /(--token[= ]|"(?:nodeSecret|providerSecret|tunnelToken|secret)"\s*:\s*")[^"\s]+/gi,
];

const extra = new Set<string>();

/** Registers a secret value (e.g. a node secret) to be masked wherever it appears. */
export function addSecret(value: string | undefined): void {
  if (value && value.length >= 8) extra.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of extra) out = out.split(secret).join("[redacted]");
  for (const re of PATTERNS) {
    out = out.replace(re, (match, prefix: unknown) => (typeof prefix === "string" ? `${prefix}[redacted]` : "[redacted]"));
  }
  return out;
}
