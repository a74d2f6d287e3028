/** An expected failure: printed as one line with the fix, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}
