import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { logDir } from "./paths.js";
import { redact } from "./redact.js";

export type LogLevel = "info" | "warn" | "error";

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  readonly file: string;
}

/** Logs to a daily file (secrets redacted) and, when `echo` is set, to stdout as plain lines. */
export function createLogger(opts: { echo: boolean; env?: Record<string, string | undefined> }): Logger {
  const dir = logDir(opts.env ?? process.env);
  const file = join(dir, `provider-${new Date().toISOString().slice(0, 10)}.log`);
  let fileOk = true;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    fileOk = false;
  }
  const write = (level: LogLevel, msg: string): void => {
    const line = redact(`${new Date().toISOString()} ${level.toUpperCase()} ${msg}`);
    if (fileOk) {
      try {
        appendFileSync(file, `${line}\n`, { mode: 0o600 });
      } catch {
        // Logging must never take the node down (full disk, removed directory).
        fileOk = false;
      }
    }
    if (opts.echo) (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
  };
  return {
    file,
    info: (m) => write("info", m),
    warn: (m) => write("warn", m),
    error: (m) => write("error", m),
  };
}
