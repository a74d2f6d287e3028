import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama, fakeReply, type FakeOllama } from "../../test/fixtures/fake-ollama/index.js";
import { startFakeOrchestrator, type FakeOrchestrator } from "./fake-orchestrator.js";
import { hardwareFile, runCli, signedPost, tempHome, until } from "./cli-process.js";

let ollama: FakeOllama;
let orch: FakeOrchestrator;
beforeAll(async () => {
  ollama = await startFakeOllama({ models: ["nomic-embed-text"], pullDelayMs: 2 });
  orch = await startFakeOrchestrator({ heartbeatIntervalMs: 150 });
});
afterAll(async () => {
  await ollama.close();
  await orch.close();
});

describe("cxmpute-provider start (non-interactive, real process)", () => {
  it("registers, pulls, announces, serves signed requests, heartbeats, re-registers, and deregisters on SIGINT", async () => {
    const home = tempHome();
    const cli = runCli(
      ["start", "--orchestrator", orch.url, "--port", "0", "--tunnel", "none", "--services", "chat,embeddings,scrape", "--models", "llama3.1:8b,nomic-embed-text", "--hardware", hardwareFile(home), "--yes"],
      { env: { CXMPUTE_HOME: home, OLLAMA_HOST: ollama.url } },
    );
    await cli.waitFor(/status=active/);
    const out = cli.output();
    expect(out).toMatch(/Pulling llama3\.1:8b/);
    expect(out).toMatch(/llama3\.1:8b \[.*\] 100% /);
    expect(out).toMatch(/Already installed: nomic-embed-text/);
    expect(ollama.models.has("llama3.1:8b:latest") || ollama.models.has("llama3.1:8b")).toBe(true);
    expect(ollama.requests.filter((r) => r.path === "/api/delete")).toHaveLength(0);

    const [node] = [...orch.nodes.values()];
    if (!node) throw new Error("no node announced");
    expect(node.announce).toMatchObject({ tier: "blue-surge", services: ["chat", "embeddings", "scrape"], models: ["llama3.1:8b", "nomic-embed-text", "scrape"] });
    const base = node.announce.publicUrl;

    const chat = await signedPost(base, "/v1/chat/completions", node.nodeSecret, { model: "llama3.1:8b", messages: [{ role: "user", content: "hi node" }] });
    expect(chat.status).toBe(200);
    expect(((await chat.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe(fakeReply([{ role: "user", content: "hi node" }]));
    const unsigned = await fetch(`${base}/v1/chat/completions`, { method: "POST", body: "{}" });
    expect(unsigned.status).toBe(401);

    await until(() => node.heartbeats.length >= 2, 10_000, "heartbeats");
    expect(node.heartbeats.at(-1)).toMatchObject({ capacity: expect.any(Number), health: "ok", servedTotal: 1 });

    // status --json reads the running node's state file.
    const status = runCli(["status", "--json"], { env: { CXMPUTE_HOME: home } });
    expect(await status.exited).toBe(0);
    expect(JSON.parse(status.output())).toMatchObject({ providerId: node.providerId, nodeId: node.nodeId, tier: "blue-surge", status: "active", publicUrl: base, models: node.announce.models });

    // The orchestrator restarts and forgets the node: the next heartbeat is 404 and the node announces again.
    orch.forgetNodes();
    await until(() => orch.nodes.size === 1, 10_000, "re-announce");
    const [again] = [...orch.nodes.values()];
    expect(again?.nodeId).not.toBe(node.nodeId);
    const after = await signedPost(base, "/v1/embeddings", again?.nodeSecret ?? "", { model: "nomic-embed-text", input: "x" });
    expect(after.status).toBe(200);
    const oldSecret = await signedPost(base, "/v1/embeddings", node.nodeSecret, { model: "nomic-embed-text", input: "x" });
    expect(oldSecret.status).toBe(401);

    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(0);
    expect(orch.deleted).toContain(again?.nodeId);
    const down = await fetch(`${base}/health`).catch(() => undefined);
    expect(down).toBeUndefined();

    // Config holds the secret with mode 0600; logs never contain a secret.
    const configFile = join(home, "config.json");
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    const config = JSON.parse(readFileSync(configFile, "utf8")) as { providerSecret: string };
    const logs = readdirSync(join(home, "logs")).map((f) => readFileSync(join(home, "logs", f), "utf8")).join("\n");
    expect(logs).toContain("announced as node");
    expect(logs).not.toContain(config.providerSecret);
    expect(logs).not.toContain(node.nodeSecret);
    const final = runCli(["status", "--json"], { env: { CXMPUTE_HOME: home } });
    await final.exited;
    expect(JSON.parse(final.output())).toMatchObject({ status: "stopped", nodeId: null });
  }, 40_000);

  it("uses a quick tunnel through CLOUDFLARED_BIN and announces the trycloudflare URL", async () => {
    const home = tempHome();
    const cli = runCli(["start", "--orchestrator", orch.url, "--port", "0", "--tunnel", "quick", "--services", "scrape", "--hardware", hardwareFile(home, 0), "--yes"], {
      env: { CXMPUTE_HOME: home },
    });
    await cli.waitFor(/status=active/);
    const node = [...orch.nodes.values()].find((n) => n.announce.publicUrl.includes("trycloudflare"));
    expect(node?.announce.publicUrl).toMatch(/^https:\/\/[a-z0-9-]+\.trycloudflare\.com$/);
    expect(node?.announce).toMatchObject({ tier: "basic", services: ["scrape"], models: ["scrape"] });
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(orch.deleted).toContain(node?.nodeId);
  }, 30_000);

  it("goes offline when the orchestrator is unreachable, recovers, and drains in-flight requests on SIGTERM", async () => {
    const home = tempHome();
    const slow = await startFakeOllama({ models: ["llama3.1:8b"], responseDelayMs: 700 });
    const own = await startFakeOrchestrator({ heartbeatIntervalMs: 100 });
    try {
      const cli = runCli(["start", "--orchestrator", own.url, "--port", "0", "--tunnel", "none", "--services", "chat", "--models", "llama3.1:8b", "--hardware", hardwareFile(home), "--yes"], {
        env: { CXMPUTE_HOME: home, OLLAMA_HOST: slow.url },
      });
      await cli.waitFor(/status=active/);
      const mark = cli.output().length;
      own.setDown(true);
      await until(() => /status=offline/.test(cli.output().slice(mark)), 10_000, "offline");
      own.setDown(false);
      await until(() => /status=offline[\s\S]*status=active/.test(cli.output().slice(mark)), 10_000, "recovery");

      const [node] = [...own.nodes.values()];
      if (!node) throw new Error("no node");
      const inFlight = signedPost(node.announce.publicUrl, "/v1/chat/completions", node.nodeSecret, { model: "llama3.1:8b", messages: [{ role: "user", content: "slow one" }] });
      await until(() => slow.requests.some((r) => r.path === "/v1/chat/completions"), 5000, "request reached Ollama");
      cli.child.kill("SIGTERM");
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ choices: [{ message: { content: "Echo: slow one" } }] });
      expect(await cli.exited).toBe(0);
      expect(own.deleted).toEqual([node.nodeId]);
    } finally {
      await slow.close();
      await own.close();
    }
  }, 40_000);

  it("uses an existing registration from the environment, applies a referral code once, and reports Ollama trouble as degraded", async () => {
    const home = tempHome();
    const own = await startFakeOrchestrator({ heartbeatIntervalMs: 100, providers: { prov_existing: "cxps_existing_secret" } });
    const local = await startFakeOllama({ models: ["llama3.1:8b"] });
    try {
      const cli = runCli(["start", "--orchestrator", own.url, "--port", "0", "--tunnel", "none", "--services", "chat", "--models", "llama3.1:8b", "--referral", "prov_friend", "--hardware", hardwareFile(home), "--yes"], {
        env: { CXMPUTE_HOME: home, OLLAMA_HOST: local.url, CXMPUTE_PROVIDER_ID: "prov_existing", CXMPUTE_PROVIDER_SECRET: "cxps_existing_secret" },
      });
      await cli.waitFor(/status=active/);
      expect(cli.output()).toContain("Referral code prov_friend applied");
      expect(own.registrations).toEqual([]);
      expect(own.referrals).toEqual([{ providerId: "prov_existing", body: { referralCode: "prov_friend" } }]);
      const [node] = [...own.nodes.values()];
      if (!node) throw new Error("no node");
      expect(node.providerId).toBe("prov_existing");
      await local.close();
      await until(() => node.heartbeats.some((h) => h.health === "degraded"), 10_000, "degraded heartbeat");
      cli.child.kill("SIGINT");
      expect(await cli.exited).toBe(0);
    } finally {
      await own.close();
      await local.close().catch(() => undefined);
    }
  }, 30_000);

  it("re-announces with the new URL when the supervised quick tunnel restarts", async () => {
    const home = tempHome();
    const own = await startFakeOrchestrator({ heartbeatIntervalMs: 100 });
    try {
      const cli = runCli(["start", "--orchestrator", own.url, "--port", "0", "--tunnel", "quick", "--services", "scrape", "--hardware", hardwareFile(home, 0), "--yes"], {
        env: { CXMPUTE_HOME: home, CLOUDFLARED_STUB_CRASH_ONCE: join(home, "crashed"), CLOUDFLARED_STUB_CRASH_AFTER_MS: "400" },
      });
      await cli.waitFor(/status=active/);
      const [first] = [...own.nodes.values()];
      if (!first) throw new Error("no node");
      await until(() => own.deleted.includes(first.nodeId) && own.nodes.size === 1, 15_000, "re-announce after tunnel restart");
      const [second] = [...own.nodes.values()];
      expect(second?.announce.publicUrl).toMatch(/trycloudflare\.com$/);
      expect(second?.announce.publicUrl).not.toBe(first.announce.publicUrl);
      expect(cli.output()).toMatch(/cloudflared exited \(code 1\); restarting/);
      cli.child.kill("SIGINT");
      expect(await cli.exited).toBe(0);
      expect(own.deleted).toContain(second?.nodeId);
    } finally {
      await own.close();
    }
  }, 30_000);
});
