import { describe, expect, it } from "vitest";
import { call, expectOpenAIError, json, signupUser } from "../test-support";
import { startFakeNode, uniqueModel } from "../test-support/fake-nodes";

const chatBody = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: "user", content: "hello there" }], ...extra });

describe("OpenAI-compatible proxy", () => {
  it("routes a chat completion to a live node and lists its model", async () => {
    const model = uniqueModel();
    const node = await startFakeNode({ models: [model] });
    const { apiKey } = await signupUser();
    const res = await call("/v1/chat/completions", { body: chatBody(model), token: apiKey });
    expect(res.status).toBe(200);
    const body = await json<{ choices: { message: { content: string } }[] }>(res);
    expect(body.choices[0]?.message.content).toBe("echo: hello there");
    expect((await node.stats()).served).toBe(1);
    const models = await json<{ object: string; data: { id: string; object: string }[] }>(await call("/v1/models", { token: apiKey }));
    expect(models.object).toBe("list");
    expect(models.data.map((m) => m.id)).toContain(model);
  });

  it("streams SSE through untouched, ending in [DONE]", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model] });
    const { apiKey } = await signupUser();
    const res = await call("/v1/chat/completions", { body: chatBody(model, { stream: true, stream_options: { include_usage: true } }), token: apiKey });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    expect(text).toContain('"content":"echo: "');
    expect(text).toContain('"usage"');
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
  });

  it("a node dying mid-stream ends in an SSE error event and no [DONE]", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model], mode: "die-mid-stream" });
    const { apiKey } = await signupUser();
    const res = await call("/v1/chat/completions", { body: chatBody(model, { stream: true }), token: apiKey });
    const text = await res.text();
    expect(text).toContain('"error"');
    expect(text).not.toContain("[DONE]");
  });

  it("sends SSE keepalive comments while the first token is pending, then the stream", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model], mode: "slow-first-token", latencyMs: 600 });
    const { apiKey } = await signupUser();
    const res = await call("/v1/chat/completions", { body: chatBody(model, { stream: true }), token: apiKey });
    const text = await res.text();
    expect(text.startsWith(": keepalive\n\n")).toBe(true);
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
  });

  it("a stalled stream gets keepalives, then an error event instead of a hang", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model], mode: "stall" });
    const { apiKey } = await signupUser();
    const res = await call("/v1/chat/completions", { body: chatBody(model, { stream: true }), token: apiKey });
    const text = await res.text();
    expect(text).toContain("upstream_timeout");
    expect(text).not.toContain("[DONE]");
  });

  it("fails over before the first byte: 0 client-visible failures when one of three nodes is dead", async () => {
    const model = uniqueModel();
    const dead = await startFakeNode({ models: [model], mode: "fail" });
    const a = await startFakeNode({ models: [model] });
    const b = await startFakeNode({ models: [model] });
    const { apiKey } = await signupUser();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await call("/v1/chat/completions", { body: chatBody(model), token: apiKey })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect((await a.stats()).served + (await b.stats()).served).toBe(30);
    // The broken node was tried, and then benched by its cooldown.
    expect((await dead.stats()).served).toBeGreaterThan(0);
    expect((await dead.stats()).served).toBeLessThanOrEqual(3);
  });

  it("answers 502 when every node fails, 503 when none serves a known model, 404 for unknown models", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model], mode: "fail" });
    const { apiKey } = await signupUser();
    expect((await expectOpenAIError(await call("/v1/chat/completions", { body: chatBody(model), token: apiKey }), 502)).code).toBe("upstream_failed");
    expect((await expectOpenAIError(await call("/v1/chat/completions", { body: chatBody("llama3:70b"), token: apiKey }), 503)).code).toBe("no_provider_available");
    expect((await expectOpenAIError(await call("/v1/chat/completions", { body: chatBody("no-such-model:1b"), token: apiKey }), 404)).code).toBe("model_not_found");
  });

  it("refuses nodes below the model's catalog tier", async () => {
    // llama3:70b needs Mariana Depth; a Blue Surge node claiming it is never routed to.
    await startFakeNode({ models: ["llama3:70b"], tier: "blue-surge" });
    const { apiKey } = await signupUser();
    await expectOpenAIError(await call("/v1/chat/completions", { body: chatBody("llama3:70b"), token: apiKey }), 503);
  });

  it("serves embeddings, speech, tts and scrape", async () => {
    const model = uniqueModel("embed");
    await startFakeNode({ models: [model] });
    const { apiKey } = await signupUser();
    const emb = await call("/v1/embeddings", { body: { model, input: ["a", "b"] }, token: apiKey });
    expect(emb.status).toBe(200);
    expect((await json<{ data: unknown[] }>(emb)).data).toHaveLength(2);
    const speech = await call("/v1/audio/speech", { body: { model: "tts-1", input: "hi", voice: "alloy" }, token: apiKey });
    expect(speech.status).toBe(200);
    expect(new TextDecoder().decode(await speech.arrayBuffer())).toContain("WAVE");
    expect((await call("/v1/tts", { body: { text: "hi" }, token: apiKey })).status).toBe(200);
    const scrape = await call("/v1/scrape", { body: { urls: ["https://example.com/a"], format: "text" }, token: apiKey });
    expect(await json(scrape)).toEqual({ results: [{ url: "https://example.com/a", status: 200, title: "Fake", content: "content of https://example.com/a" }] });
  });

  it("rejects bad bodies with a 400 naming the field, and requires an API key", async () => {
    const { apiKey } = await signupUser();
    expect((await expectOpenAIError(await call("/v1/chat/completions", { body: { model: "x", messages: [] }, token: apiKey }), 400)).param).toBe("messages");
    expect((await expectOpenAIError(await call("/v1/scrape", { body: { urls: ["file:///etc/passwd"] }, token: apiKey }), 400)).param).toBe("urls.0");
    await expectOpenAIError(await call("/v1/chat/completions", { rawBody: "{", headers: { "content-type": "application/json" }, token: apiKey }), 400);
    await expectOpenAIError(await call("/v1/models"), 401);
  });

  it("answers 429 when every eligible node is at capacity", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model], capacity: 1, latencyMs: 300 });
    const { apiKey } = await signupUser();
    const [first, second] = await Promise.all([
      call("/v1/chat/completions", { body: chatBody(model), token: apiKey }),
      (async () => {
        await new Promise((r) => setTimeout(r, 50));
        return call("/v1/chat/completions", { body: chatBody(model), token: apiKey });
      })(),
    ]);
    expect(first.status).toBe(200);
    const err = await expectOpenAIError(second, 429);
    expect(err.code).toBe("capacity_exhausted");
  });
});

describe("edge billing", () => {
  it("a node inflating its usage 10× is billed the edge count", async () => {
    const { env } = await import("cloudflare:workers");
    const model = uniqueModel();
    const honest = await startFakeNode({ models: [model] });
    const { apiKey } = await signupUser();
    await honest.configure({ inflate: 10 });
    const res = await call("/v1/chat/completions", { body: chatBody(model), token: apiKey, headers: { "x-request-id": "req-inflated-usage-1" } });
    const body = await json<{ usage: { total_tokens: number } }>(res);
    // The client sees the node's answer untouched, including its inflated claim...
    expect(body.usage.total_tokens).toBe(10 * (4 + 3 + 5));
    // ...but the ledger (filled by the real queue consumer) bills the edge count: 4+ceil(11/4)=7 prompt, ceil(17/4)=5 completion.
    let row: { tokens: number; amount: number } | null = null;
    for (let i = 0; i < 100 && !row; i++) {
      row = await env.DB.prepare(`SELECT tokens, amount FROM ledger_entries WHERE request_id = ?1 AND kind = 'compute'`).bind("req-inflated-usage-1").first<{ tokens: number; amount: number }>();
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row?.tokens).toBe(12);
  });
});
