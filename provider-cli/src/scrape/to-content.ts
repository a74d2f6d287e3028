import { NodeHtmlMarkdown } from "node-html-markdown";
import type { ScrapeFormat } from "@cxmpute/protocol";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export function extractTitle(html: string): string {
  const m = html.match(/<title[^>]*>([\s\S]*?)<\/title>/i);
  return m?.[1] ? decodeEntities(m[1]).replace(/\s+/g, " ").trim() : "";
}

function stripNonContent(html: string): string {
  return html.replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1>/gi, "").replace(/<!--[\s\S]*?-->/g, "");
}

export function htmlToText(html: string): string {
  return decodeEntities(
    stripNonContent(html)
      .replace(/<(br|\/p|\/div|\/h[1-6]|\/li|\/tr|\/section|\/article)\b[^>]*>/gi, "\n")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/[ \t\f\v\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Converts a fetched body to the requested format; non-HTML bodies pass through as text. */
export function toContent(body: string, contentType: string, format: ScrapeFormat): { title: string; content: string } {
  const isHtml = /html|xml/i.test(contentType) || /^\s*<(!doctype|html)/i.test(body);
  if (!isHtml) return { title: "", content: body };
  const title = extractTitle(body);
  if (format === "html") return { title, content: body };
  if (format === "text") return { title, content: htmlToText(body) };
  return { title, content: NodeHtmlMarkdown.translate(stripNonContent(body)).trim() };
}
