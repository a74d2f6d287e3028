import { Command } from "commander";
import { z } from "zod";
import { parseOptions } from "../utils/parse-options.js";

const StatusOptions = z.object({ json: z.boolean().optional() });

export const status = new Command("status")
  .description("show the local node's status (reads the state file the running node writes)")
  .option("--json", "print JSON (providerId, tier, status, nodeId, publicUrl, models, …)")
  .action(async (raw: unknown) => {
    const opts = parseOptions(StatusOptions, raw, "status");
    const { nodeStatus, formatStatus } = await import("../node/status-report.js");
    const report = await nodeStatus();
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
  });
