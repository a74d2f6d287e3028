import OpenAI from "openai";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signupUser } from "../test-support";
import { startFakeNode, uniqueModel } from "../test-support/fake-nodes";

/** The official client, pointed at the Worker in workerd. */
async function client(): Promise<OpenAI> {
  const { apiKey } = await signupUser();
  return new OpenAI({
    apiKey,
    baseURL: "http://cxmpute.test/v1",
    maxRetries: 0,
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
  });
}

describe("official openai client", () => {
  it("chat completions, non-streamed", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model] });
    const openai = await client();
    const res = await openai.chat.completions.create({ model, messages: [{ role: "user", content: "ping" }] });
    expect(res.choices[0]?.message.content).toBe("echo: ping");
    expect(res.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("chat completions, streamed with usage", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model] });
    const openai = await client();
    const stream = await openai.chat.completions.create({ model, messages: [{ role: "user", content: "stream me please" }], stream: true, stream_options: { include_usage: true } });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("echo: stream me please");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("embeddings, models list, and typed errors", async () => {
    const model = uniqueModel("emb");
    await startFakeNode({ models: [model] });
    const openai = await client();
    const emb = await openai.embeddings.create({ model, input: ["one", "two", "three"] });
    expect(emb.data).toHaveLength(3);
    expect(emb.data[0]?.embedding.length).toBeGreaterThan(0);
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toContain(model);
    await expect(openai.chat.completions.create({ model: "no-such-model:1b", messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({ status: 404, code: "model_not_found" });
  });
});
