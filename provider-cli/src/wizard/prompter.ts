import { Writable } from "node:stream";
import { createInterface, type Interface } from "node:readline/promises";
import { CliError } from "../utils/cli-error.js";

/** Line prompts on the terminal; `secret` answers are not echoed. */
export class Prompter {
  private muted = false;
  private readonly rl: Interface;

  constructor() {
    const out = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        if (!this.muted) process.stdout.write(chunk);
        cb();
      },
    });
    this.rl = createInterface({ input: process.stdin, output: out, terminal: true });
    this.rl.on("SIGINT", () => {
      process.stdout.write("\n");
      this.close();
      process.stderr.write("✖ Setup cancelled. Fix: run `cxmpute-provider` again when ready\n");
      process.exit(130);
    });
  }

  async ask(question: string, fallback?: string): Promise<string> {
    const suffix = fallback !== undefined && fallback !== "" ? ` [${fallback}]` : "";
    const answer = (await this.rl.question(`${question}${suffix}: `)).trim();
    return answer || fallback || "";
  }

  async secret(question: string): Promise<string> {
    process.stdout.write(`${question}: `);
    this.muted = true;
    try {
      return (await this.rl.question("")).trim();
    } finally {
      this.muted = false;
      process.stdout.write("\n");
    }
  }

  async confirm(question: string, fallback = true): Promise<boolean> {
    const a = (await this.ask(`${question} (${fallback ? "Y/n" : "y/N"})`)).toLowerCase();
    if (!a) return fallback;
    return a === "y" || a === "yes";
  }

  /** Numbered choice; accepts the number or the value itself. */
  async choose(question: string, options: readonly string[], fallbackIndex = 0): Promise<string> {
    options.forEach((o, i) => process.stdout.write(`  ${i + 1}) ${o}\n`));
    for (let tries = 0; tries < 5; tries++) {
      const a = await this.ask(question, String(fallbackIndex + 1));
      const n = Number(a);
      if (Number.isInteger(n) && n >= 1 && n <= options.length) return options[n - 1] ?? "";
      if (options.includes(a)) return a;
      process.stdout.write(`Please answer 1-${options.length}.\n`);
    }
    throw new CliError("No valid answer given", "run `cxmpute-provider` again");
  }

  close(): void {
    this.rl.close();
  }
}
