import { readFile } from "node:fs/promises";
import { HardwareProfile } from "@cxmpute/protocol";
import { CliError } from "../utils/cli-error.js";
import { usableVramGb } from "./usable-vram.js";

/** Reads a recorded profile (`--hardware file.json`); vramGb is recomputed when absent. */
export async function loadHardwareFile(path: string): Promise<HardwareProfile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new CliError(`Cannot read hardware profile ${path}`, "pass a JSON file written by `cxmpute-provider hardware --json`");
  }
  const withVram =
    typeof raw === "object" && raw !== null && !("vramGb" in raw) && "gpus" in raw
      ? { ...raw, vramGb: usableVramGb(HardwareProfile.shape.gpus.safeParse(raw.gpus).data ?? []) }
      : raw;
  const parsed = HardwareProfile.safeParse(withVram);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `Hardware profile ${path} is invalid (${issue ? `${issue.path.join(".")}: ${issue.message}` : "bad shape"})`,
      "regenerate it with `cxmpute-provider hardware --json > hardware.json`",
    );
  }
  return parsed.data;
}
