/**
 * Edge token counting. Nodes report usage, but a node is paid by it, so the edge keeps its own
 * count from the bytes that pass through: ceil(chars / 4) per text (the usual English average
 * for BPE tokenizers) plus 4 tokens of framing per chat message. Deterministic and cheap.
 */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

export const MESSAGE_OVERHEAD_TOKENS = 4;

type ContentPart = { type?: unknown; text?: unknown };

export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((p: ContentPart) => (p && typeof p === "object" && typeof p.text === "string" ? p.text : ""))
      .join("");
  }
  return "";
}

export function countChatPrompt(messages: readonly { content?: unknown }[]): number {
  let n = 0;
  for (const m of messages) n += MESSAGE_OVERHEAD_TOKENS + estimateTokens(contentText(m.content));
  return n;
}

export function countEmbeddingInput(input: string | readonly string[] | readonly number[] | readonly (readonly number[])[]): number {
  if (typeof input === "string") return estimateTokens(input);
  let n = 0;
  for (const item of input) n += typeof item === "string" ? estimateTokens(item) : Array.isArray(item) ? item.length : 1;
  return n;
}

export interface Claimed {
  promptTokens: number;
  completionTokens: number;
}

export interface Billed {
  promptTokens: number;
  completionTokens: number;
  claimedTokens: number | null;
  countedTokens: number;
  flagged: boolean;
}

/** A claim this far above the edge count is flagged for review (and never paid above the count). */
export function isSuspicious(claimed: number, counted: number): boolean {
  return claimed > 2 * counted + 16;
}

/** Bill min(claimed, counted): whichever side is lower, its split is the one billed. */
export function bill(counted: Claimed, claimed: Claimed | null): Billed {
  const countedTotal = counted.promptTokens + counted.completionTokens;
  if (!claimed) return { ...counted, claimedTokens: null, countedTokens: countedTotal, flagged: false };
  const claimedTotal = claimed.promptTokens + claimed.completionTokens;
  const use = claimedTotal <= countedTotal ? claimed : counted;
  return {
    promptTokens: use.promptTokens,
    completionTokens: use.completionTokens,
    claimedTokens: claimedTotal,
    countedTokens: countedTotal,
    flagged: isSuspicious(claimedTotal, countedTotal),
  };
}
