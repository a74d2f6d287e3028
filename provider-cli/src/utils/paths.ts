import { homedir } from "node:os";
import { join } from "node:path";

type Env = Record<string, string | undefined>;

/** Per-OS data directory from the provider guide; CXMPUTE_HOME overrides it. */
export function homeDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.CXMPUTE_HOME) return env.CXMPUTE_HOME;
  if (platform === "darwin") return join(home, "Library", "Application Support", "cxmpute-provider");
  if (platform === "win32") return join(env.APPDATA ?? join(home, "AppData", "Roaming"), "cxmpute-provider");
  return join(home, ".local", "share", "cxmpute-provider");
}

/** Per-OS log directory from the provider guide; under CXMPUTE_HOME/logs when that is set. */
export function logDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.CXMPUTE_HOME) return join(env.CXMPUTE_HOME, "logs");
  if (platform === "darwin") return join(home, "Library", "Logs", "cxmpute-provider");
  return join(homeDir(env, platform, home), "logs");
}

export const configPath = (env: Env = process.env): string => join(homeDir(env), "config.json");
export const statePath = (env: Env = process.env): string => join(homeDir(env), "state.json");
