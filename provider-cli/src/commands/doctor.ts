import { Command } from "commander";
import { z } from "zod";
import { parseOptions } from "../utils/parse-options.js";

const DoctorOptions = z.object({ ollamaUrl: z.string().min(1).optional(), orchestrator: z.string().optional(), hardware: z.string().optional() });

export const doctor = new Command("doctor")
  .description("check hardware detection, Ollama, the TTS engine, cloudflared and the orchestrator")
  .option("--ollama-url <url>", "Ollama server to check (env OLLAMA_HOST)")
  .option("--orchestrator <url>", "orchestrator to check (env CXMPUTE_ORCHESTRATOR_URL)")
  .option("--hardware <file.json>", "check a recorded hardware profile instead of probing")
  .action(async (raw: unknown) => {
    const opts = parseOptions(DoctorOptions, raw, "doctor");
    const { runDoctor } = await import("../node/doctor.js");
    const ok = await runDoctor(opts);
    if (!ok) process.exitCode = 1;
  });
