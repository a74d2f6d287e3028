import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "@cxmpute/protocol";
import { startFakeOllama, type FakeOllama } from "../../test/fixtures/fake-ollama/index.js";
import { startFakeOrchestrator, type FakeOrchestrator } from "./fake-orchestrator.js";
import { hardwareFile, runCli, signedPost, tempHome, until, type CliProcess } from "./cli-process.js";

let ollama: FakeOllama;
let orch: FakeOrchestrator;
beforeAll(async () => {
  ollama = await startFakeOllama({ models: ["nomic-embed-text"], pullDelayMs: 20 });
  orch = await startFakeOrchestrator({ heartbeatIntervalMs: 200 });
});
afterAll(async () => {
  await ollama.close();
  await orch.close();
});

/** Waits for a prompt that appears after everything already answered, then types the answer. */
function answerer(cli: CliProcess) {
  let mark = 0;
  return async (prompt: RegExp, answer: string): Promise<void> => {
    await until(() => prompt.test(cli.output().slice(mark)), 15_000, `prompt ${prompt}: ${cli.output().slice(-500)}`);
    mark = cli.output().length;
    cli.write(`${answer}\r`);
  };
}

describe("setup wizard in a pseudo-terminal", () => {
  it("walks through the guide's steps, pulls with progress, shows the dashboard, serves, and stops on Ctrl+C", async () => {
    const home = tempHome();
    const cli = runCli(["--hardware", hardwareFile(home)], { pty: true, env: { CXMPUTE_HOME: home, OLLAMA_HOST: ollama.url, TERM: "xterm" } });
    const answer = answerer(cli);
    await cli.waitFor(/SETUP WIZARD/);
    expect(cli.output()).toContain("██████╗");
    await cli.waitFor(/Device tier: Blue Surge \(Tier 2 - 4-8GB VRAM\)/);
    await answer(/Orchestrator URL/, orch.url);
    await answer(/Register \[1\]/, "1");
    await answer(/Referral code/, "prov_friend");
    await answer(/Services \(comma separated\) \[chat,embeddings,tts,scrape\]/, "");
    await answer(/chat model \[1\]/, "");
    await answer(/embeddings model \[1\]/, "nomic-embed-text");
    await answer(/Tunnel \[1\]/, "1");
    await answer(/Local port/, "0");

    await cli.waitFor(/llama3:8b \[█+\] 100%/, 20_000);
    await cli.waitFor(/STATUS: ACTIVE/, 20_000);
    await cli.waitFor(/TODAY'S EARNINGS: 1\.25 pts/, 10_000);
    const screen = cli.output();
    expect(screen).toMatch(/PROVIDER\/REFERRAL ID: .*prov_\d+/);
    expect(screen).toMatch(/ALL TIME EARNINGS: 42\.5 pts/);
    expect(screen).toMatch(/REFERRALS: 3/);
    expect(screen).toMatch(/DEVICE TIER: Blue Surge/);
    expect(orch.registrations).toContainEqual({ referralCode: "prov_friend" });

    const [node] = [...orch.nodes.values()];
    if (!node) throw new Error("no node");
    expect(node.announce.publicUrl).toMatch(/trycloudflare\.com$/);
    expect(node.announce.services).toEqual(["chat", "embeddings", "tts", "scrape"]);
    expect(node.announce.models).toEqual(["llama3:8b", "nomic-embed-text", "espeak-ng", "scrape"]);

    // The tunnel stub proxies nothing, so requests go to the local port from the state file.
    const state = JSON.parse(readFileSync(join(home, "state.json"), "utf8")) as { localUrl: string };
    const body = { model: "llama3:8b", messages: [{ role: "user", content: "hello" }], stream: true };
    const ok = await signedPost(state.localUrl, "/v1/chat/completions", node.nodeSecret, body);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/data: \[DONE\]/);

    const text = JSON.stringify(body);
    const headers = await signRequest({ secret: node.nodeSecret, method: "POST", path: "/v1/chat/completions", body: text });
    const send = (h: Record<string, string>, b = text) => fetch(`${state.localUrl}/v1/chat/completions`, { method: "POST", headers: h, body: b });
    expect((await send(headers)).status).toBe(200);
    expect((await send(headers)).status).toBe(401); // replayed
    expect((await send({}, text)).status).toBe(401); // unsigned
    const fresh = await signRequest({ secret: node.nodeSecret, method: "POST", path: "/v1/chat/completions", body: text });
    expect((await send(fresh, text.replace("hello", "HELLO"))).status).toBe(401); // tampered
    const stale = await signRequest({ secret: node.nodeSecret, method: "POST", path: "/v1/chat/completions", body: text, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect((await send(stale)).status).toBe(401);

    await until(() => node.heartbeats.length >= 1, 10_000, "heartbeat");
    cli.write("\x03");
    expect(await cli.exited).toBe(0);
    expect(orch.deleted).toContain(node.nodeId);
    const config = JSON.parse(readFileSync(join(home, "config.json"), "utf8")) as Record<string, unknown>;
    expect(config).toMatchObject({ orchestratorUrl: orch.url, services: ["chat", "embeddings", "tts", "scrape"], models: ["llama3:8b", "nomic-embed-text"], tunnel: "quick" });
  }, 60_000);

  it("signs in an existing provider without echoing the secret and runs a named tunnel", async () => {
    const home = tempHome();
    orch.providers.set("prov_mine", "cxps_typed_secret_value");
    const log = join(home, "cloudflared-args.log");
    const cli = runCli(["--hardware", hardwareFile(home, 0.5)], { pty: true, env: { CXMPUTE_HOME: home, OLLAMA_HOST: ollama.url, TERM: "xterm", CLOUDFLARED_STUB_LOG: log } });
    const answer = answerer(cli);
    await cli.waitFor(/Device tier: Basic \(Tier 0 - <1GB VRAM\)/);
    await answer(/Orchestrator URL/, orch.url);
    await answer(/Register \[1\]/, "2");
    await answer(/Provider ID/, "prov_mine");
    await answer(/Provider secret/, "cxps_typed_secret_value");
    await answer(/Services \(comma separated\) \[tts,scrape\]/, "scrape");
    await answer(/Tunnel \[1\]/, "2");
    await answer(/Local port/, "0");
    await answer(/Tunnel token/, "eyJ0dW5uZWwiOiJ0ZXN0In0");
    await answer(/Hostname routed to the tunnel/, "https://node-7.example.com");
    await cli.waitFor(/STATUS: ACTIVE/, 20_000);
    expect(cli.output()).not.toContain("cxps_typed_secret_value");
    expect(cli.output()).not.toContain("eyJ0dW5uZWwiOiJ0ZXN0In0");
    const node = [...orch.nodes.values()].find((n) => n.providerId === "prov_mine");
    expect(node?.announce).toMatchObject({ publicUrl: "https://node-7.example.com", tier: "basic", services: ["scrape"] });
    expect(readFileSync(log, "utf8")).toContain('["tunnel","--no-autoupdate","run","--token","eyJ0dW5uZWwiOiJ0ZXN0In0"]');
    cli.write("\x03");
    expect(await cli.exited).toBe(0);
    expect(orch.deleted).toContain(node?.nodeId);
  }, 60_000);
});
