import { access, constants } from "node:fs/promises";
import { CliError } from "../utils/cli-error.js";

/** The cloudflared binary: CLOUDFLARED_BIN, else the one the `cloudflared` npm package manages. */
export async function cloudflaredBin(env: Record<string, string | undefined> = process.env): Promise<{ path: string; installed: boolean }> {
  const override = env.CLOUDFLARED_BIN;
  const path = override ?? (await import("cloudflared")).bin;
  try {
    await access(path, constants.X_OK);
    return { path, installed: true };
  } catch {
    return { path, installed: false };
  }
}

/** Makes sure cloudflared exists, downloading it through the `cloudflared` package when needed. */
export async function ensureCloudflared(env: Record<string, string | undefined> = process.env): Promise<string> {
  const found = await cloudflaredBin(env);
  if (found.installed) return found.path;
  if (env.CLOUDFLARED_BIN) {
    throw new CliError(`CLOUDFLARED_BIN points at ${found.path}, which is not an executable`, "fix CLOUDFLARED_BIN, or use --public-url / --tunnel none");
  }
  try {
    const { install } = await import("cloudflared");
    await install(found.path);
    return found.path;
  } catch {
    throw new CliError(
      "Could not install the cloudflared binary",
      "install cloudflared (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/) and set CLOUDFLARED_BIN, or pass --public-url",
    );
  }
}
