import type { ScrapeFormat, ScrapeResult } from "@cxmpute/protocol";
import { fetchPage, type FetchOptions } from "./fetch-page.js";
import { toContent } from "./to-content.js";

export { isBlockedAddress, isBlockedHostname } from "./ip-guard.js";
export { fetchPage, MAX_BYTES, MAX_REDIRECTS } from "./fetch-page.js";
export { guardedLookup, BlockedTargetError } from "./safe-lookup.js";
export { toContent, extractTitle, htmlToText } from "./to-content.js";

const PARALLEL = 4;

/** Scrapes each URL independently: one failing URL becomes an `{url, error}` entry. */
export async function scrapeUrls(urls: readonly string[], format: ScrapeFormat, opts: FetchOptions): Promise<ScrapeResult[]> {
  const results: ScrapeResult[] = new Array<ScrapeResult>(urls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const i = next++;
      const url = urls[i] ?? "";
      try {
        const page = await fetchPage(url, opts);
        const { title, content } = toContent(page.body, page.contentType, format);
        results[i] = { url, status: page.status, title, content };
      } catch (err) {
        results[i] = { url, error: err instanceof Error ? err.message : "fetch failed" };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, urls.length) }, worker));
  return results;
}
