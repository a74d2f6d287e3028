import { z } from "zod";
import { ScrapeFormat } from "@cxmpute/protocol";

/**
 * OpenAI request shapes: the fields the gateway relies on are checked. Chat bodies are forwarded
 * as the raw text the client sent, so their schemas strip (copying unknown keys costs CPU on every
 * request for nothing); bodies the gateway rewrites (embeddings, speech) keep every field.
 */
const ContentPart = z.object({ type: z.string(), text: z.string().optional() });
const Message = z.object({
  role: z.enum(["system", "user", "assistant", "tool", "developer", "function"]),
  content: z.union([z.string(), z.array(ContentPart), z.null()]).optional(),
});

export const ChatRequest = z.object({
  model: z.string().min(1).max(200),
  messages: z.array(Message).min(1).max(2048),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().int().positive().max(1_000_000).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.number().int().min(1).max(1).nullable().optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

export const EmbeddingsRequest = z.looseObject({
  model: z.string().min(1).max(200),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int())).min(1).max(2048),
  ]),
  encoding_format: z.enum(["float", "base64"]).optional(),
});
export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequest>;

export const SpeechRequest = z.looseObject({
  model: z.string().min(1).max(200),
  input: z.string().min(1).max(4096),
  voice: z.string().min(1).max(100),
  response_format: z.enum(["wav", "mp3"]).optional(),
  speed: z.number().min(0.25).max(4).optional(),
});
export type SpeechRequest = z.infer<typeof SpeechRequest>;

export const TtsBody = z.object({ text: z.string().min(1).max(10_000), voice: z.string().max(100).optional() }).strict();
export type TtsBody = z.infer<typeof TtsBody>;

export const ScrapeBody = z
  .object({ urls: z.array(z.url({ protocol: /^https?$/ })).min(1).max(50), format: ScrapeFormat.optional() })
  .strict();
export type ScrapeBody = z.infer<typeof ScrapeBody>;

/** What the gateway reads from node answers (relayed as received, so only the read fields are kept). */
export const Usage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative().optional(),
  total_tokens: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof Usage>;

export const ChatCompletion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }).optional() })),
  usage: Usage.nullable().optional(),
});

export const ChatChunk = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullable().optional() }).optional() })).optional(),
  usage: Usage.nullable().optional(),
});

export const EmbeddingsResponse = z.looseObject({
  data: z.array(z.looseObject({ embedding: z.union([z.array(z.number()), z.string()]) })).optional(),
  usage: Usage.nullable().optional(),
});
export type EmbeddingsResponse = z.infer<typeof EmbeddingsResponse>;
