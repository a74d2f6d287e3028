import type { z } from "zod";
import { CliError } from "./cli-error.js";

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parses commander options with a zod schema; the first issue becomes a one-line CliError. */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown, command: string): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = issue?.path[0] !== undefined ? `--${kebab(String(issue.path[0]))}` : "options";
  throw new CliError(`Invalid ${flag}: ${issue?.message ?? "bad value"}`, `see \`cxmpute-provider ${command} --help\``);
}

export const csv = (v: unknown): unknown => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v);
