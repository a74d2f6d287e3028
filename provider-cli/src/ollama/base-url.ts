/** Ollama's own OLLAMA_HOST forms: "host", "host:port", "http://host:port"; 0.0.0.0 means local. */
export function ollamaBaseUrl(explicit?: string, env: Record<string, string | undefined> = process.env): string {
  let raw = (explicit ?? env.OLLAMA_HOST ?? "http://127.0.0.1:11434").trim();
  if (!/^https?:\/\//i.test(raw)) raw = `http://${raw}`;
  const url = new URL(raw);
  if (url.hostname === "0.0.0.0" || url.hostname === "[::]") url.hostname = "127.0.0.1";
  if (!url.port && url.protocol === "http:") url.port = "11434";
  return url.origin;
}
