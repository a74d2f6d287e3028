import { CliError } from "./cli-error.js";
import { redact } from "./redact.js";

function errorCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** Turns any thrown value into a one-line message with a fix. */
export function describeError(err: unknown): { message: string; fix: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, fix: err.fix, exitCode: err.exitCode };
  const code = errorCode(err);
  if (code === "EACCES" || code === "EPERM") {
    return { message: "Permission denied", fix: "check the permissions of CXMPUTE_HOME or run from a directory you own", exitCode: 1 };
  }
  const name = typeof err === "object" && err !== null && "name" in err ? String((err as { name: unknown }).name) : "";
  if (name === "ZodError") {
    return { message: "Invalid input", fix: "run with --help to see the accepted options", exitCode: 1 };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    message: message.split("\n")[0] ?? "Unexpected error",
    fix: "run `cxmpute-provider doctor` and check the log file; report it with the log if it persists",
    exitCode: 1,
  };
}

export function formatError(err: unknown): string {
  const { message, fix } = describeError(err);
  return redact(`✖ ${message}. Fix: ${fix}`).replace(/\s+/g, " ").trim();
}

export function handleError(err: unknown): never {
  process.stderr.write(`${formatError(err)}\n`);
  process.exit(describeError(err).exitCode);
}
