import { Hono } from "hono";
import { apiKeyAuth } from "../middleware/api-key-auth";
import { chatCompletions } from "../proxy/chat";
import { listModels } from "../proxy/models";
import { audioSpeech, embeddings, scrape, tts } from "../proxy/services";
import type { AppEnv } from "../types";

/** The OpenAI-compatible surface. Bodies are validated in the handlers and forwarded untouched. */
export const v1 = new Hono<AppEnv>();
v1.use("/v1/*", apiKeyAuth());
v1.get("/v1/models", listModels);
v1.post("/v1/chat/completions", chatCompletions);
v1.post("/v1/embeddings", embeddings);
v1.post("/v1/audio/speech", audioSpeech);
v1.post("/v1/tts", tts);
v1.post("/v1/scrape", scrape);
