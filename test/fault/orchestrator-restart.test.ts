import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama } from "../fixtures/fake-ollama/index.js";
import { Api, type ProviderSignup, type UserSignup } from "../e2e/support/api.js";
import { runBounded } from "../e2e/support/load.js";
import { pollUntil } from "../e2e/support/poll.js";
import { startProvider, waitActive, type ProviderProcess } from "../e2e/support/provider.js";
import { RestartableOrchestrator } from "../e2e/support/restartable-orchestrator.js";

const LLM = "llama3:8b";
let orch: RestartableOrchestrator;
let api: Api;
let user: UserSignup;
const providers: { account: ProviderSignup; proc: ProviderProcess }[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  orch = await RestartableOrchestrator.create({ HEARTBEAT_INTERVAL_MS: "2000" });
  cleanups.push(() => orch.destroy());
  api = new Api(orch.url);
  for (const vramGb of [6, 16]) {
    const ollama = await startFakeOllama({ models: [LLM] });
    cleanups.push(() => ollama.close());
    const account = await api.signupProvider(undefined, "10.50.0.1");
    const proc = await startProvider(orch.url, { account, vramGb, services: ["chat"], models: [LLM], ollamaUrl: ollama.url, capacity: 16 });
    cleanups.push(() => proc.stop("SIGKILL"));
    await waitActive(api, account, proc);
    providers.push({ account, proc });
  }
  user = await api.signupUser(undefined, "10.50.0.2");
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function chat(i: number): Promise<number> {
  try {
    const res = await fetch(`${orch.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: LLM, messages: [{ role: "user", content: `restart run ${i}` }] }),
      signal: AbortSignal.timeout(15_000),
    });
    await res.text();
    return res.status;
  } catch {
    return 0;
  }
}

describe("orchestrator restarted mid-run (same persistence folder)", () => {
  it("keeps accounts and ledger, providers come back by themselves, traffic resumes", async () => {
    const before = await runBounded(40, 4, 60_000, chat);
    expect(before.results.filter((s) => s !== 200)).toEqual([]);
    await pollUntil(async () => ((await api.reconcile(orch.adminToken)).network.requestsCredited >= 40 ? true : undefined), { timeoutMs: 30_000, what: "first 40 credited" });

    // Mid-run: a client keeps calling while the orchestrator goes down and comes back.
    let running = true;
    const during: number[] = [];
    const background = (async () => {
      for (let i = 0; running && i < 2000; i++) {
        during.push(await chat(1000 + i));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await orch.stop();
    await orch.start();
    // Nobody touches the CLIs: they re-register (or resume heartbeats) on their own.
    for (const p of providers) await waitActive(api, p.account, p.proc, 30_000);
    await pollUntil(async () => (during.slice(-5).length === 5 && during.slice(-5).every((s) => s === 200) ? true : undefined), { timeoutMs: 30_000, what: "traffic resumed" });
    running = false;
    await background;
    expect(during.some((s) => s !== 200), "the restart was visible to the client at all").toBe(true);
    expect(providers.every((p) => p.proc.child.exitCode === null)).toBe(true);

    const after = await runBounded(40, 4, 60_000, (i) => chat(5000 + i));
    expect(after.results.filter((s) => s !== 200)).toEqual([]);

    // The ledger kept what it had. Events of the last requests before the stop may be lost: local
    // Queues (miniflare) hold undelivered messages in memory, unlike Cloudflare's durable queues.
    const okDuring = during.filter((x) => x === 200).length;
    const settled = async () => {
      let last = -1;
      return pollUntil(
        async () => {
          const n = (await api.reconcile(orch.adminToken)).network.requestsCredited;
          const stable = n === last;
          last = n;
          return stable ? n : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 1500, what: "credit count stable" },
      );
    };
    const credited = await settled();
    console.log(`restart: ${during.length} requests while restarting, ${okDuring} answered; ${80 + okDuring - credited} usage events lost with the local queue`);
    expect(credited).toBeGreaterThanOrEqual(80);
    expect(credited).toBeLessThanOrEqual(80 + okDuring);

    // After the restart crediting is exact again: 40 more requests, 40 more credited.
    const more = await runBounded(40, 4, 60_000, (i) => chat(9000 + i));
    expect(more.results.filter((x) => x !== 200)).toEqual([]);
    await pollUntil(async () => ((await api.reconcile(orch.adminToken)).network.requestsCredited >= credited + 40 ? true : undefined), { timeoutMs: 30_000, what: "post-restart requests credited" });
    const rec = await api.reconcile(orch.adminToken);
    expect(rec.checks.filter((c) => !c.ok)).toEqual([]);
    expect(rec.network.requestsCredited).toBe(credited + 40);
    const stats = await api.userStats(user);
    expect(stats.totals.usage).not.toBe("0.000000000");
  });
});
