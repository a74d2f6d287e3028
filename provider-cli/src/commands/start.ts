import { Command } from "commander";
import { z } from "zod";
import { csv, parseOptions } from "../utils/parse-options.js";

export const StartOptions = z
  .object({
    orchestrator: z.string().optional(),
    ollamaUrl: z.string().min(1).optional(),
    port: z.coerce.number().int().min(0).max(65535).optional(),
    publicUrl: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
    tunnel: z.enum(["quick", "named", "none"]).optional(),
    tunnelToken: z.string().min(1).optional(),
    referral: z.string().min(1).max(100).optional(),
    services: z.preprocess(csv, z.array(z.enum(["chat", "embeddings", "tts", "scrape"])).min(1)).optional(),
    models: z.preprocess(csv, z.array(z.string().min(1).max(200)).min(1)).optional(),
    capacity: z.coerce.number().int().min(1).max(1024).optional(),
    yes: z.boolean().optional(),
    hardware: z.string().min(1).optional(),
  })
  .refine((o) => !(o.publicUrl && o.tunnel && o.tunnel !== "none" && o.tunnel !== "named"), {
    message: "use either --public-url or --tunnel quick, not both",
    path: ["publicUrl"],
  });
export type StartOptions = z.infer<typeof StartOptions>;

export const start = new Command("start")
  .description("start a provider node without the wizard (announce, serve, heartbeat; Ctrl+C to stop)")
  .option("--orchestrator <url>", "orchestrator base URL (env CXMPUTE_ORCHESTRATOR_URL)")
  .option("--ollama-url <url>", "Ollama server (env OLLAMA_HOST, default http://127.0.0.1:11434)")
  .option("--port <n>", "local port of the node server (default 8686; 0 = any free port)")
  .option("--public-url <url>", "URL the orchestrator reaches this node at (skips the tunnel)")
  .option("--tunnel <mode>", "quick (trycloudflare, for trying out) | named (token) | none")
  .option("--tunnel-token <token>", "named tunnel token (otherwise the orchestrator may provide one)")
  .option("--referral <code>", "referral code (a provider id) when registering")
  .option("--services <list>", "comma list of chat,embeddings,tts,scrape (default: what your tier supports)")
  .option("--models <list>", "comma list of Ollama model tags (default: the largest that fit)")
  .option("--capacity <n>", "concurrent requests to accept")
  .option("--hardware <file.json>", "use a recorded hardware profile instead of probing")
  .option("-y, --yes", "do not ask for confirmation")
  .action(async (raw: unknown) => {
    const opts = parseOptions(StartOptions, raw, "start");
    const { runStartCommand } = await import("../node/start-command.js");
    await runStartCommand(opts);
  });
