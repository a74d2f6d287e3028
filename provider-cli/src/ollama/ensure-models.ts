import { normalizeTag } from "@cxmpute/protocol";
import type { OllamaClient, PullProgress } from "./client.js";

/** Pulls the wanted models that are missing. Never removes anything the provider already had. */
export async function ensureModels(
  client: OllamaClient,
  wanted: readonly string[],
  onProgress: (p: PullProgress) => void,
  onStart: (model: string) => void = () => {},
): Promise<{ pulled: string[]; present: string[] }> {
  const local = new Set((await client.listModels()).map(normalizeTag));
  const pulled: string[] = [];
  const present: string[] = [];
  for (const model of wanted) {
    if (local.has(normalizeTag(model))) {
      present.push(model);
      continue;
    }
    onStart(model);
    await client.pull(model, onProgress);
    pulled.push(model);
  }
  return { pulled, present };
}
