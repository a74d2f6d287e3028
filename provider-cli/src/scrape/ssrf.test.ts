import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBlockedAddress } from "./ip-guard.js";
import { fetchPage } from "./fetch-page.js";
import { BlockedTargetError } from "./safe-lookup.js";
import { scrapeUrls } from "./index.js";

const strict = { allowLoopback: false };
const testOnly = { allowLoopback: true };

describe("address classes", () => {
  it.each([
    "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", // private
    "127.0.0.1", "127.255.0.1", "::1", // loopback
    "169.254.1.1", "169.254.169.254", "fe80::1", // link-local + AWS/GCP metadata
    "100.64.0.1", "100.127.255.254", // CGNAT
    "224.0.0.1", "239.255.255.250", "ff02::1", // multicast
    "0.0.0.0", "::", // unspecified
    "fc00::1", "fd12:3456::1", "fd00:ec2::254", // ULA incl. AWS IPv6 metadata
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:8.8.8.8", // IPv4-mapped
    "255.255.255.255", "240.0.0.1", // reserved/broadcast
    "not-an-ip",
  ])("refuses %s", (ip) => {
    expect(isBlockedAddress(ip, strict)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111"])("allows public %s", (ip) => {
    expect(isBlockedAddress(ip, strict)).toBe(false);
  });

  it("the test-only switch opens loopback and nothing else", () => {
    expect(isBlockedAddress("127.0.0.1", testOnly)).toBe(false);
    expect(isBlockedAddress("::1", testOnly)).toBe(false);
    expect(isBlockedAddress("10.0.0.1", testOnly)).toBe(true);
    expect(isBlockedAddress("169.254.169.254", testOnly)).toBe(true);
  });
});

describe("fetchPage at connect time", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/page") {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end("<html><head><title>Hello &amp; welcome</title><script>x()</script></head><body><h1>Heading</h1><p>Some <b>bold</b> text.</p></body></html>");
      }
      if (req.url === "/to-private") return res.writeHead(302, { location: "http://10.0.0.1/admin" }).end();
      if (req.url === "/to-metadata") return res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (req.url === "/to-mapped") return res.writeHead(302, { location: "http://[::ffff:192.168.0.1]/" }).end();
      if (req.url === "/to-gcp") return res.writeHead(302, { location: "http://metadata.google.internal/computeMetadata/v1/" }).end();
      if (req.url?.startsWith("/loop")) return res.writeHead(302, { location: `/loop${Number(req.url.slice(5) || 0) + 1}` }).end();
      if (req.url === "/big") {
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end("x".repeat(2048));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("refuses loopback without the test-only switch", async () => {
    await expect(fetchPage(`${base}/page`, strict)).rejects.toBeInstanceOf(BlockedTargetError);
  });

  it("refuses a name that resolves to loopback (localhost) at lookup", async () => {
    const port = new URL(base).port;
    await expect(fetchPage(`http://localhost:${port}/page`, strict)).rejects.toBeInstanceOf(BlockedTargetError);
  });

  it("refuses a name when any DNS answer is private (rebinding)", async () => {
    const resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "192.168.0.10", family: 4 },
    ];
    await expect(fetchPage("http://rebind.example/", { ...strict, resolver })).rejects.toBeInstanceOf(BlockedTargetError);
  });

  it("connects to the address it checked, not a second resolution", async () => {
    const port = new URL(base).port;
    let calls = 0;
    // First answer is loopback (allowed by the switch); a rebinding second answer would be private.
    const resolver = async () => (calls++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "10.0.0.1", family: 4 }]);
    const page = await fetchPage(`http://rebind.example:${port}/page`, { ...testOnly, resolver });
    expect(page.status).toBe(200);
    expect(calls).toBe(1);
  });

  it.each(["/to-private", "/to-metadata", "/to-mapped", "/to-gcp"])("re-checks after the redirect %s", async (path) => {
    await expect(fetchPage(`${base}${path}`, testOnly)).rejects.toBeInstanceOf(BlockedTargetError);
  });

  it("follows at most 5 redirects", async () => {
    await expect(fetchPage(`${base}/loop0`, testOnly)).rejects.toThrow(/more than 5 redirects/);
  });

  it("caps the size", async () => {
    await expect(fetchPage(`${base}/big`, { ...testOnly, maxBytes: 1024 })).rejects.toThrow(/larger than 1024/);
  });

  it("scrapes title and content in each format, with per-URL errors", async () => {
    const [md, text, html, bad] = [
      ...(await scrapeUrls([`${base}/page`], "markdown", testOnly)),
      ...(await scrapeUrls([`${base}/page`], "text", testOnly)),
      ...(await scrapeUrls([`${base}/page`], "html", testOnly)),
      ...(await scrapeUrls(["http://169.254.169.254/"], "markdown", testOnly)),
    ];
    expect(md).toEqual({ url: `${base}/page`, status: 200, title: "Hello & welcome", content: "# Heading\n\nSome **bold** text." });
    expect(text).toMatchObject({ title: "Hello & welcome", content: "Heading\nSome bold text." });
    expect(html).toMatchObject({ content: expect.stringContaining("<h1>Heading</h1>") });
    expect(bad).toMatchObject({ url: "http://169.254.169.254/", error: expect.stringMatching(/refused/) });
  });
});
