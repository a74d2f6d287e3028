import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestSite {
  url: string;
  /** Paths requested so far, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** A tiny website on 127.0.0.1 for scrape: each page has a title and a unique sentence. */
export async function startTestSite(): Promise<TestSite> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.push(path);
    if (path.startsWith("/missing")) {
      res.writeHead(404, { "content-type": "text/html" }).end("<html><head><title>Not here</title></head><body>gone</body></html>");
      return;
    }
    const name = path.replace(/[^a-z0-9-]/gi, "") || "home";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><title>Page ${name}</title></head><body><h1>Heading ${name}</h1><p>The unique sentence of ${name}.</p></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
