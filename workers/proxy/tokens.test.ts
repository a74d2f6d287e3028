import { describe, expect, it } from "vitest";
import { ChatRequest } from "./schemas";
import { countChatPrompt, MESSAGE_OVERHEAD_TOKENS } from "./tokens";

describe("edge prompt count", () => {
  it("counts the text of content parts, not just plain-string content", () => {
    const body = ChatRequest.parse({
      model: "llama3:8b",
      messages: [
        { role: "system", content: "12345678" },
        { role: "user", content: [{ type: "text", text: "abcdefgh" }, { type: "image_url", image_url: { url: "https://x/y.png" } }, { type: "text", text: "ijkl" }] },
      ],
      tools: [{ type: "function" }],
    });
    expect(countChatPrompt(body.messages)).toBe(2 * MESSAGE_OVERHEAD_TOKENS + 2 + 3);
  });
});
