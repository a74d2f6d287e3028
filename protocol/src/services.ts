import { z } from "zod";

export const Service = z.enum(["chat", "embeddings", "tts", "scrape"]);
export type Service = z.infer<typeof Service>;

/** Path a node serves each service on; the orchestrator forwards to these. */
export const NODE_PATHS: Record<Service, string> = {
  chat: "/v1/chat/completions",
  embeddings: "/v1/embeddings",
  tts: "/v1/tts",
  scrape: "/v1/scrape",
};
