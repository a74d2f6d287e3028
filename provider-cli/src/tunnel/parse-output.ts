/** The quick-tunnel URL cloudflared prints in its banner box; api.trycloudflare.com is its API, not a tunnel. */
export function parseQuickTunnelUrl(text: string): string | undefined {
  for (const m of text.matchAll(/https:\/\/([a-z0-9-]+)\.trycloudflare\.com\b/gi)) {
    if (m[1] && m[1].toLowerCase() !== "api") return m[0];
  }
  return undefined;
}

export function isConnectedLine(line: string): boolean {
  return /Registered tunnel connection/i.test(line);
}
