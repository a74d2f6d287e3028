import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../../test/fixtures/fake-ollama/index.js";
import { startFakeOrchestrator, type FakeOrchestrator } from "./fake-orchestrator.js";
import { hardwareFile, runCli, STACK_TRACE, tempHome } from "./cli-process.js";

let orch: FakeOrchestrator;
let ollama: FakeOllama;
beforeAll(async () => {
  orch = await startFakeOrchestrator({ providers: { prov_known: "cxps_right_secret" } });
  ollama = await startFakeOllama({ models: ["llama3.1:8b"] });
});
afterAll(async () => {
  await orch.close();
  await ollama.close();
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function expectOneLineError(args: string[], env: Record<string, string>, message: RegExp): Promise<string> {
  const cli = runCli(args, { env });
  const code = await cli.exited;
  const out = cli.output();
  expect(code, out).not.toBe(0);
  const errorLines = out.split("\n").filter((l) => l.startsWith("✖"));
  expect(errorLines, out).toHaveLength(1);
  expect(errorLines[0]).toMatch(message);
  expect(errorLines[0]).toMatch(/Fix: \S/);
  expect(out).not.toMatch(STACK_TRACE);
  return errorLines[0] ?? "";
}

describe("bad input ends with one line, a fix and a non-zero exit", () => {
  it("unreachable orchestrator", async () => {
    const home = tempHome();
    const port = await closedPort();
    const line = await expectOneLineError(
      ["start", "--orchestrator", `http://127.0.0.1:${port}`, "--port", "0", "--tunnel", "none", "--services", "scrape", "--hardware", hardwareFile(home), "--yes"],
      { CXMPUTE_HOME: home },
      /Cannot reach the orchestrator at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    expect(line).toMatch(/check the --orchestrator URL/);
  });

  it("wrong provider secret", async () => {
    const home = tempHome();
    const line = await expectOneLineError(
      ["start", "--orchestrator", orch.url, "--port", "0", "--tunnel", "none", "--services", "scrape", "--hardware", hardwareFile(home), "--yes"],
      { CXMPUTE_HOME: home, CXMPUTE_PROVIDER_ID: "prov_known", CXMPUTE_PROVIDER_SECRET: "cxps_wrong_secret" },
      /rejected the provider credentials/,
    );
    expect(line).toMatch(/CXMPUTE_PROVIDER_SECRET/);
    expect(line).not.toContain("cxps_wrong_secret");
  });

  it("Ollama missing", async () => {
    const home = tempHome();
    const port = await closedPort();
    await expectOneLineError(
      ["start", "--orchestrator", orch.url, "--port", "0", "--tunnel", "none", "--services", "chat", "--models", "llama3.1:8b", "--hardware", hardwareFile(home), "--yes"],
      { CXMPUTE_HOME: home, OLLAMA_HOST: `127.0.0.1:${port}` },
      /Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+.*ollama\.com\/download/,
    );
  });

  it("port in use", async () => {
    const home = tempHome();
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
    const port = (busy.address() as AddressInfo).port;
    try {
      await expectOneLineError(
        ["start", "--orchestrator", orch.url, "--port", String(port), "--tunnel", "none", "--services", "scrape", "--hardware", hardwareFile(home), "--yes"],
        { CXMPUTE_HOME: home },
        new RegExp(`Port ${port} is already in use.*--port`),
      );
    } finally {
      busy.close();
    }
  });

  it("full disk during a model pull", async () => {
    const full = await startFakeOllama({ models: [], pullError: "write /root/.ollama/models/blobs/sha256-8eeb52df-partial-0: no space left on device", pullDelayMs: 1 });
    const home = tempHome();
    try {
      const line = await expectOneLineError(
        ["start", "--orchestrator", orch.url, "--port", "0", "--tunnel", "none", "--services", "chat", "--models", "llama3.1:8b", "--hardware", hardwareFile(home), "--yes"],
        { CXMPUTE_HOME: home, OLLAMA_HOST: full.url },
        /Pulling llama3\.1:8b failed: no space left on device/,
      );
      expect(line).toMatch(/free disk space/);
      expect(full.models.size).toBe(0);
    } finally {
      await full.close();
    }
  });

  it("invalid option values", async () => {
    const home = tempHome();
    await expectOneLineError(["start", "--orchestrator", orch.url, "--port", "99999"], { CXMPUTE_HOME: home }, /Invalid --port/);
    await expectOneLineError(["start", "--orchestrator", orch.url, "--services", "chat,mining"], { CXMPUTE_HOME: home }, /Invalid --services/);
    await expectOneLineError(["start", "--orchestrator", "ftp://x"], { CXMPUTE_HOME: home, CXMPUTE_PROVIDER_ID: "a", CXMPUTE_PROVIDER_SECRET: "b" }, /Invalid orchestrator URL/);
    await expectOneLineError(["start", "--hardware", "/nonexistent.json", "--orchestrator", orch.url], { CXMPUTE_HOME: home }, /Cannot read hardware profile/);
  });

  it("no orchestrator configured", async () => {
    await expectOneLineError(["start", "--yes"], { CXMPUTE_HOME: tempHome() }, /No orchestrator URL/);
  });

  it("the wizard without a terminal", async () => {
    await expectOneLineError([], { CXMPUTE_HOME: tempHome() }, /needs an interactive terminal.*start --orchestrator/);
  });
});
