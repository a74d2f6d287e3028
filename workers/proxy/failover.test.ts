import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, expectOpenAIError, json, signupUser } from "../test-support";
import { startFakeNode, uniqueModel } from "../test-support/fake-nodes";

const chatBody = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: "user", content: "hello there" }], ...extra });

describe("upstream failures after the response head", () => {
  it("a node cut off while sending a non-streamed body is a 502 (never a 500), and retried on another node", async () => {
    const alone = uniqueModel();
    await startFakeNode({ models: [alone], mode: "die-mid-body" });
    const { apiKey } = await signupUser();
    expect((await expectOpenAIError(await call("/v1/chat/completions", { body: chatBody(alone), token: apiKey }), 502)).code).toBe("upstream_failed");

    const model = uniqueModel();
    const broken = await startFakeNode({ models: [model], mode: "die-mid-body" });
    const healthy = await startFakeNode({ models: [model] });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await call("/v1/chat/completions", { body: chatBody(model), token: apiKey });
      statuses.push(res.status);
      if (res.status === 200) expect((await json<{ choices: { message: { content: string } }[] }>(res)).choices[0]?.message.content).toBe("echo: hello there");
      else await res.body?.cancel();
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await healthy.stats()).served).toBe(20);
    // It was tried (and failed) at least once; the client never saw it.
    expect((await broken.stats()).served).toBeGreaterThan(0);
  });

  it("a stream that runs longer than the upstream timeout is not cut (only silence ends a stream)", async () => {
    const limit = Number(env.UPSTREAM_TIMEOUT_MS);
    const gap = 350;
    // 10 chunks 350 ms apart: longer than the head timeout, each gap well inside the idle timeout.
    expect(10 * gap).toBeGreaterThan(limit);
    expect(gap).toBeLessThan(Number(env.STREAM_IDLE_TIMEOUT_MS));
    const model = uniqueModel();
    await startFakeNode({ models: [model], mode: "drip", latencyMs: gap });
    const { apiKey } = await signupUser();
    const res = await call("/v1/chat/completions", { body: chatBody(model, { stream: true }), token: apiKey });
    const text = await res.text();
    expect(text).not.toContain('"error"');
    expect(text.split('"content":"."').length - 1).toBe(10);
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
  }, 15_000);
});
