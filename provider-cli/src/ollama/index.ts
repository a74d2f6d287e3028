export { OllamaClient, type PullProgress } from "./client.js";
export { ollamaBaseUrl } from "./base-url.js";
export { progressPrinter, renderProgress, formatBytes } from "./progress-bar.js";
export { ensureModels } from "./ensure-models.js";
