import { Command } from "commander";
import { z } from "zod";
import { parseOptions } from "../utils/parse-options.js";

const HardwareOptions = z.object({ json: z.boolean().optional() });

export const hardware = new Command("hardware")
  .description("detect this machine's hardware and tier (save with --json for --hardware <file>)")
  .option("--json", "print the hardware profile as JSON")
  .action(async (raw: unknown) => {
    const opts = parseOptions(HardwareOptions, raw, "hardware");
    const [{ detectHardware }, { tierFromVram, tierLabel }] = await Promise.all([import("../hardware/index.js"), import("@cxmpute/protocol")]);
    const started = performance.now();
    const hw = await detectHardware();
    const ms = Math.round(performance.now() - started);
    if (opts.json) return void process.stdout.write(`${JSON.stringify(hw, null, 2)}\n`);
    const gpus = hw.gpus.length ? hw.gpus.map((g) => `${g.name} (${g.vramGb} GB)`).join(", ") : "none detected";
    process.stdout.write(
      [
        `OS:        ${hw.os} ${hw.arch}`,
        `CPU:       ${hw.cpuModel} (${hw.cpuCores} cores)`,
        `RAM:       ${hw.ramGb} GB`,
        `Free disk: ${hw.diskFreeGb} GB`,
        `GPUs:      ${gpus}`,
        `VRAM:      ${hw.vramGb} GB usable`,
        `Tier:      ${tierLabel(tierFromVram(hw.vramGb))}`,
        `(detected in ${ms} ms)`,
        "",
      ].join("\n"),
    );
  });
