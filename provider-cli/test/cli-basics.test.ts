import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HardwareProfile } from "@cxmpute/protocol";
import { startFakeOllama, type FakeOllama } from "../../test/fixtures/fake-ollama/index.js";
import { startFakeOrchestrator, type FakeOrchestrator } from "./fake-orchestrator.js";
import { runCli, tempHome } from "./cli-process.js";

let ollama: FakeOllama;
let orch: FakeOrchestrator;
beforeAll(async () => {
  ollama = await startFakeOllama();
  orch = await startFakeOrchestrator();
});
afterAll(async () => {
  await ollama.close();
  await orch.close();
});

async function run(args: string[], env: Record<string, string> = {}) {
  const cli = runCli(args, { env: { CXMPUTE_HOME: tempHome(), ...env } });
  const code = await cli.exited;
  return { code, out: cli.output() };
}

describe("cli basics", () => {
  it("--help documents every command and --version prints the package version", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const c of ["start", "status", "doctor", "hardware"]) expect(help.out).toContain(c);
    const startHelp = await run(["start", "--help"]);
    for (const flag of ["--orchestrator", "--ollama-url", "--port", "--public-url", "--tunnel", "--referral", "--services", "--models", "--yes", "--hardware"]) {
      expect(startHelp.out).toContain(flag);
    }
    expect((await run(["--version"])).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("status --json without a running node", async () => {
    const r = await run(["status", "--json"], { CXMPUTE_PROVIDER_ID: "ignored" });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ providerId: null, tier: null, status: "not-running", nodeId: null, publicUrl: null, models: [] });
  });

  it("hardware --json writes a profile that --hardware accepts; doctor checks everything", async () => {
    const hw = await run(["hardware", "--json"]);
    expect(hw.code).toBe(0);
    const profile = HardwareProfile.parse(JSON.parse(hw.out));
    const home = tempHome();
    const file = join(home, "hw.json");
    writeFileSync(file, JSON.stringify(profile));
    const doctor = await run(["doctor", "--hardware", file, "--orchestrator", orch.url], { OLLAMA_HOST: ollama.url });
    expect(doctor.out).toMatch(/✓ hardware .*Basic \(Tier 0/);
    expect(doctor.out).toMatch(/✓ ollama .*Ollama 0\.6\.2 .*llama3\.1:8b/);
    expect(doctor.out).toMatch(/✓ cloudflared .*cloudflared version 2024\.8\.2/);
    expect(doctor.out).toMatch(/✓ orchestrator .*answered 200/);
    expect(doctor.code).toBe(0);
  });

  it("doctor fails with fixes when Ollama is down", async () => {
    const r = await run(["doctor"], { OLLAMA_HOST: "127.0.0.1:9" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ ollama .*Fix: /);
  });
});
