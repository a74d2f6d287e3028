import { describe, expect, it } from "vitest";
import { addSecret, redact } from "./redact.js";
import { formatError } from "./handle-error.js";
import { CliError } from "./cli-error.js";

describe("redaction", () => {
  it("masks provider secrets, API keys, bearer and tunnel tokens, and registered secrets", () => {
    addSecret("nsec_0123456789abcdef");
    const text = redact('Authorization: Bearer abc.def cxps_SECRET1 cxk_KEY2 --token eyJhIjoi "nodeSecret":"zzz" nsec_0123456789abcdef');
    expect(text).not.toMatch(/abc\.def|SECRET1|KEY2|eyJhIjoi|zzz|nsec_0123456789abcdef/);
  });
  it("errors are one line with the fix", () => {
    expect(formatError(new CliError("Broken\nthing cxps_X", "do this"))).toBe("✖ Broken thing [redacted]. Fix: do this");
    expect(formatError(new Error("boom"))).toMatch(/^✖ boom\. Fix: run `cxmpute-provider doctor`/);
  });
});
