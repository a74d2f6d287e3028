import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { isBlockedAddress, isBlockedHostname, type GuardOptions } from "./ip-guard.js";
import { BlockedTargetError, guardedLookup, systemResolver, type Resolver } from "./safe-lookup.js";

export const MAX_REDIRECTS = 5;
export const MAX_BYTES = 5 * 1024 * 1024;
export const TIMEOUT_MS = 15_000;

export interface FetchedPage {
  url: string;
  status: number;
  contentType: string;
  body: string;
}

export interface FetchOptions extends GuardOptions {
  resolver?: Resolver;
  maxBytes?: number;
  timeoutMs?: number;
}

export class ScrapeError extends Error {}

function checkTarget(url: URL, opts: GuardOptions): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ScrapeError(`unsupported protocol ${url.protocol}`);
  if (url.username || url.password) throw new ScrapeError("URLs with credentials are not scraped");
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  // IP literals never reach `lookup`, so they are checked here.
  if (isIP(host) !== 0 && isBlockedAddress(host, opts)) throw new BlockedTargetError(host);
  if (isBlockedHostname(host)) throw new BlockedTargetError(host);
}

interface Hop {
  status: number;
  location: string | undefined;
  contentType: string;
  body: string;
}

function requestOnce(url: URL, opts: FetchOptions, signal: AbortSignal): Promise<Hop> {
  const lookup = guardedLookup(opts, opts.resolver ?? systemResolver);
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  const mod = url.protocol === "https:" ? https : http;
  const agent = url.protocol === "https:" ? new https.Agent({ lookup, keepAlive: false }) : new http.Agent({ lookup, keepAlive: false });
  return new Promise<Hop>((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: "GET",
        agent,
        signal,
        headers: { "user-agent": "cxmpute-node/1 (+scrape)", accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5", "accept-encoding": "identity" },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = typeof res.headers.location === "string" ? res.headers.location : undefined;
        const contentType = String(res.headers["content-type"] ?? "");
        if (status >= 300 && status < 400 && location) {
          res.resume();
          return resolve({ status, location, contentType, body: "" });
        }
        const declared = Number(res.headers["content-length"] ?? 0);
        if (declared > maxBytes) {
          res.destroy();
          return reject(new ScrapeError(`page larger than ${maxBytes} bytes`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            res.destroy();
            reject(new ScrapeError(`page larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => resolve({ status, location, contentType, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  }).finally(() => agent.destroy());
}

/** GET with manual redirects: every hop's target is checked again, at connect time. */
export async function fetchPage(rawUrl: string, opts: FetchOptions): Promise<FetchedPage> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? TIMEOUT_MS);
  let url = new URL(rawUrl);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    checkTarget(url, opts);
    let res: Hop;
    try {
      res = await requestOnce(url, opts, signal);
    } catch (err) {
      if (err instanceof BlockedTargetError || err instanceof ScrapeError) throw err;
      if (signal.aborted) throw new ScrapeError("timed out");
      const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
      throw new ScrapeError(code ? `fetch failed (${code})` : "fetch failed");
    }
    if (res.location !== undefined) {
      url = new URL(res.location, url);
      continue;
    }
    return { url: url.toString(), status: res.status, contentType: res.contentType, body: res.body };
  }
  throw new ScrapeError(`more than ${MAX_REDIRECTS} redirects`);
}
