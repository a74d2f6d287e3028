import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama, fakeEmbedding, type FakeOllama } from "../../test/fixtures/fake-ollama/index.js";
import { OllamaClient, type PullProgress } from "../src/ollama/index.js";

let ollama: FakeOllama;
beforeAll(async () => {
  ollama = await startFakeOllama({ models: ["llama3.1:8b"], pullable: ["gemma:2b"], pullDelayMs: 1 });
});
afterAll(() => ollama.close());

const post = (path: string, body: unknown) => fetch(`${ollama.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("fake Ollama fixture (shared with the end-to-end suite)", () => {
  it("streams pull progress as NDJSON through the real client, then lists the model", async () => {
    const client = new OllamaClient(ollama.url);
    const seen: PullProgress[] = [];
    await client.pull("gemma:2b", (p) => seen.push(p));
    expect(seen[0]?.status).toBe("pulling manifest");
    const bytes = seen.filter((p) => p.total > 0);
    expect(bytes.at(-1)).toMatchObject({ completed: bytes.at(-1)?.total });
    expect(seen.at(-1)?.status).toBe("success");
    expect(await client.listModels()).toEqual(["llama3.1:8b", "gemma:2b"]);
    await expect(client.pull("unknown-model", () => {})).rejects.toThrow(/not found in the Ollama library/);
  });

  it("answers /api/chat as NDJSON and /api/embed with counts", async () => {
    const chat = await post("/api/chat", { model: "llama3.1:8b", messages: [{ role: "user", content: "a b c" }] });
    const lines = (await chat.text()).trim().split("\n").map((l) => JSON.parse(l) as { done: boolean; message: { content: string }; eval_count?: number });
    expect(lines.at(-1)).toMatchObject({ done: true, prompt_eval_count: 3, eval_count: 4 });
    expect(lines.slice(0, -1).map((l) => l.message.content).join("").trim()).toBe("Echo: a b c");
    const embed = await post("/api/embed", { model: "llama3.1:8b", input: "x y" });
    expect(await embed.json()).toMatchObject({ embeddings: [fakeEmbedding("x y")], prompt_eval_count: 2 });
  });

  it("streams OpenAI chunks without usage unless include_usage is set", async () => {
    const body = { model: "llama3.1:8b", messages: [{ role: "user", content: "hi" }], stream: true };
    const plain = await (await post("/v1/chat/completions", body)).text();
    expect(plain).not.toContain('"usage"');
    expect(plain.trim().endsWith("data: [DONE]")).toBe(true);
    const withUsage = await (await post("/v1/chat/completions", { ...body, stream_options: { include_usage: true } })).text();
    expect(withUsage).toContain('"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}');
  });

  it("unknown models get Ollama's 404 shapes", async () => {
    expect((await post("/v1/chat/completions", { model: "nope", messages: [] })).status).toBe(404);
    expect(await (await post("/api/show", { model: "nope" })).json()).toEqual({ error: "model 'nope' not found" });
  });
});
