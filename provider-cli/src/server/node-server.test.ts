import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "@cxmpute/protocol";
import { startFakeOllama, fakeReply, fakeEmbedding, type FakeOllama } from "../../../test/fixtures/fake-ollama/index.js";
import { createNodeServer, type NodeServer } from "./node-server.js";
import { ttsAvailable } from "./tts.js";

const SECRET = "node-secret-for-tests-0123456789";
let ollama: FakeOllama;
let node: NodeServer;
let base: string;

beforeAll(async () => {
  ollama = await startFakeOllama({ models: ["llama3.1:8b", "nomic-embed-text"], responseDelayMs: 0 });
  node = createNodeServer({
    ollamaUrl: ollama.url,
    services: ["chat", "embeddings", "tts", "scrape"],
    models: ["llama3.1:8b", "nomic-embed-text"],
    capacity: 2,
    getSecret: () => SECRET,
    allowLoopbackScrape: true,
  });
  base = `http://127.0.0.1:${await node.listen(0)}`;
});
afterAll(async () => {
  await node.drain(100);
  await ollama.close();
});

async function signed(path: string, body: unknown, over: { secret?: string; timestamp?: number; nonce?: string } = {}) {
  const text = JSON.stringify(body);
  const headers = await signRequest({ secret: over.secret ?? SECRET, method: "POST", path, body: text, ...(over.timestamp ? { timestamp: over.timestamp } : {}), ...(over.nonce ? { nonce: over.nonce } : {}) });
  return { text, headers: { ...headers, "content-type": "application/json" } };
}

async function post(path: string, body: unknown, over: Parameters<typeof signed>[2] = {}) {
  const { text, headers } = await signed(path, body, over);
  return fetch(`${base}${path}`, { method: "POST", headers, body: text });
}

const chat = { model: "llama3.1:8b", messages: [{ role: "user", content: "hello there node" }] };

describe("signature checks", () => {
  it("refuses an unsigned request", async () => {
    const res = await fetch(`${base}/v1/chat/completions`, { method: "POST", body: JSON.stringify(chat) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { type: "authentication_error", code: "signature_missing" } });
  });
  it("refuses a stale request", async () => {
    const res = await post("/v1/chat/completions", chat, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "signature_stale" } });
  });
  it("refuses a request signed with another secret", async () => {
    const res = await post("/v1/chat/completions", chat, { secret: "someone-else-secret-xxxxxxxx" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "signature_invalid" } });
  });
  it("refuses a tampered body", async () => {
    const { headers } = await signed("/v1/chat/completions", chat);
    const res = await fetch(`${base}/v1/chat/completions`, { method: "POST", headers, body: JSON.stringify({ ...chat, model: "other" }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "signature_invalid" } });
  });
  it("refuses a replay of an accepted request", async () => {
    const { text, headers } = await signed("/v1/chat/completions", chat);
    const first = await fetch(`${base}/v1/chat/completions`, { method: "POST", headers, body: text });
    expect(first.status).toBe(200);
    const again = await fetch(`${base}/v1/chat/completions`, { method: "POST", headers, body: text });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: "signature_replayed" } });
  });
  it("health is unsigned and minimal", async () => {
    const res = await fetch(`${base}/health`);
    expect(await res.json()).toEqual({ status: "ok", inFlight: 0, capacity: 2 });
  });
});

describe("services", () => {
  it("chat, not streamed, proxies Ollama's OpenAI response", async () => {
    const res = await post("/v1/chat/completions", chat);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }>; usage: { prompt_tokens: number; completion_tokens: number } };
    expect(body.choices[0]?.message.content).toBe(fakeReply(chat.messages));
    expect(body.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4 });
  });
  it("chat, streamed, passes SSE through with usage and [DONE]", async () => {
    const res = await post("/v1/chat/completions", { ...chat, stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    const events = text.split("\n\n").filter(Boolean).map((e) => e.replace(/^data: /, ""));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as { choices: Array<{ delta?: { content?: string } }>; usage?: { total_tokens: number } });
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toBe(fakeReply(chat.messages));
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(7);
  });
  it("a model the node does not serve is a 404 error", async () => {
    const res = await post("/v1/chat/completions", { ...chat, model: "llama3:70b" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "model_not_found", param: "model" } });
  });
  it("a malformed body is a 400 error", async () => {
    const res = await post("/v1/chat/completions", { model: "llama3.1:8b" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", param: "messages" } });
  });
  it("embeddings return the OpenAI shape", async () => {
    const res = await post("/v1/embeddings", { model: "nomic-embed-text", input: ["a b", "c"] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: "list", data: [{ index: 0, embedding: fakeEmbedding("a b") }, { index: 1 }], usage: { prompt_tokens: 3 } });
  });
  // Needs the espeak-ng Debian package (CI installs it).
  it("tts returns a WAV from espeak-ng with correct sizes", async () => {
    expect(await ttsAvailable()).toBe(true);
    const res = await post("/v1/tts", { text: "Hello from the node", voice: "alloy" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.length).toBeGreaterThan(10_000);
  });
  it("tts rejects an option-like voice", async () => {
    const res = await post("/v1/tts", { text: "hi", voice: "--help" });
    expect(res.status).toBe(400);
  });
  it("scrape refuses private targets per URL", async () => {
    const res = await post("/v1/scrape", { urls: ["http://10.0.0.1/", "http://[fd00:ec2::254]/"] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<{ error?: string }> };
    expect(body.results.map((r) => r.error)).toEqual([expect.stringMatching(/refused/), expect.stringMatching(/refused/)]);
  });
});

describe("capacity", () => {
  it("answers 429 when every slot is busy", async () => {
    const slow = await startFakeOllama({ models: ["llama3.1:8b"], responseDelayMs: 300 });
    const small = createNodeServer({ ollamaUrl: slow.url, services: ["chat"], models: ["llama3.1:8b"], capacity: 1, getSecret: () => SECRET, allowLoopbackScrape: false });
    const port = await small.listen(0);
    const send = async () => {
      const { text, headers } = await signed("/v1/chat/completions", chat);
      return fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: "POST", headers, body: text });
    };
    const first = send();
    // The first request holds the only slot once it reached Ollama.
    for (let i = 0; i < 100 && slow.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const second = await send();
    expect(second.status).toBe(429);
    expect((await first).status).toBe(200);
    expect(small.counters).toMatchObject({ served: 1, rejected: 1 });
    await small.drain(100);
    await slow.close();
  });
});
