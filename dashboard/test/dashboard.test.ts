import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeNodes } from "../../test/fixtures/fake-node";
import { type Orchestrator, startOrchestrator } from "../../test/fixtures/wrangler-dev";
import { formatDecimal } from "../src/lib/points";
import { horizontalOverflow, launch, openTab, type Role, signIn, statValue } from "./support/browser";
import { Announced, Anything, Api, EpochPayouts, eventually, hardware, KeyCreated, Keys, MODEL, Provider, Reconcile, Stats, User } from "./support/seed";

type Account = { id: string; secret: string };

let orch: Orchestrator;
let fake: { url: string; close(): Promise<void> };
let browser: Browser;
let api: Api;
let user: Account;
let referrerUser: Account;
let provider: Account;
let referrerProvider: Account;
let nodeId: string;

async function apiMessage(path: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<string> {
  const res = await fetch(`${orch.url}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
  const body = (await res.json()) as { error?: { message?: string } };
  const message = body.error?.message;
  if (!message) throw new Error(`${path} did not refuse: ${res.status}`);
  return message;
}

beforeAll(async () => {
  [orch, fake, browser] = await Promise.all([startOrchestrator(), startFakeNodes(), launch()]);
  api = new Api(orch.url);
  const newUser = async () => api.call(User, "/api/users", { method: "POST", body: {} }).then((u) => ({ id: u.userId, secret: u.apiKey }));
  const newProvider = async () => api.call(Provider, "/api/providers", { method: "POST", body: {} }).then((p) => ({ id: p.providerId, secret: p.providerSecret }));
  [user, referrerUser, provider, referrerProvider] = await Promise.all([newUser(), newUser(), newProvider(), newProvider()]);

  // One real node (a loopback fake that checks signatures) and one real request: the figures
  // every view shows come from the ledger, not from fixtures.
  const node = await api.call(Announced, `/api/providers/${provider.id}/nodes`, {
    method: "POST",
    token: provider.secret,
    body: { publicUrl: `${fake.url}/n/main`, hardware, tier: "open-ocean", services: ["chat"], models: [MODEL], capacity: 4, version: "test" },
  });
  nodeId = node.nodeId;
  await fetch(`${fake.url}/__node/main`, { method: "POST", body: JSON.stringify({ secret: node.nodeSecret }) });
  await api.call(Anything, `/api/providers/${provider.id}/nodes/${nodeId}/heartbeat`, {
    method: "POST",
    token: provider.secret,
    body: { inFlight: 1, capacity: 4, load: 0.25, models: [MODEL], health: "ok" },
  });
  const chat = await fetch(`${orch.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.secret}`, "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "Count the points, please." }] }),
  });
  expect(chat.status).toBe(200);
  await eventually(
    () => api.call(Stats, `/api/providers/${provider.id}/referral-stats`, { token: provider.secret }),
    (s) => (s.totals.compute ?? "0") !== "0.000000000",
  );
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), fake?.close(), orch?.stop()]);
});

async function userStats(account: Account) {
  return api.call(Stats, `/api/user/${account.id}/referral-stats`, { token: account.secret });
}

async function providerStats(account: Account) {
  return api.call(Stats, `/api/providers/${account.id}/referral-stats`, { token: account.secret });
}

/** Full-page screenshot of a role's view at phone width, and proof that the page does not scroll sideways. */
async function phoneShot(role: Role, secret: string, id: string | undefined, name: string, ready: string) {
  const tab = await openTab(browser, orch.url, "phone");
  try {
    await signIn(tab.page, role, secret, id);
    await tab.page.locator(ready).first().waitFor();
    expect(await horizontalOverflow(tab.page)).toBeLessThanOrEqual(0);
    await tab.screenshot(name);
    tab.assertClean();
  } finally {
    await tab.close();
  }
}

describe("sign-in", () => {
  it("shows the API's own reason for refused credentials, for every role", async () => {
    const tab = await openTab(browser, orch.url, "desktop");
    try {
      const { page } = tab;
      await page.goto("/");
      await tab.screenshot("sign-in");
      const cases: { role: Role; id?: string; secret: string; expected: string }[] = [
        { role: "user", id: user.id, secret: "cx_not-a-real-key", expected: await apiMessage(`/api/user/${user.id}/keys`, "cx_not-a-real-key") },
        { role: "provider", id: provider.id, secret: "wrong-secret", expected: await apiMessage(`/api/providers/${provider.id}/referral-stats`, "wrong-secret") },
        { role: "admin", secret: "wrong-token", expected: await apiMessage("/api/admin/epochs", "wrong-token") },
      ];
      for (const c of cases) {
        await signIn(page, c.role, c.secret, c.id);
        const alert = page.getByRole("alert");
        await expect.poll(() => alert.innerText()).toContain(c.expected);
        expect(await alert.innerText()).toMatch(/^Sign-in failed:/);
        expect(await page.locator("#signin-secret").isVisible()).toBe(true);
      }
      // The refused secret must never land in the address bar.
      expect(page.url()).not.toContain("wrong");
      tab.assertClean([401, 403]);
    } finally {
      await tab.close();
    }
    const phone = await openTab(browser, orch.url, "phone");
    try {
      await phone.page.goto("/");
      expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
      await phone.screenshot("sign-in");
      phone.assertClean();
    } finally {
      await phone.close();
    }
  });

  it("creates a user account, shows the key once and signs straight in", async () => {
    const tab = await openTab(browser, orch.url, "desktop");
    try {
      const { page } = tab;
      await page.goto("/");
      await page.getByRole("button", { name: "Create account" }).click();
      const userId = (await page.getByTestId("created-user-id").innerText()).trim();
      const apiKey = (await page.getByTestId("created-api-key").innerText()).trim();
      expect(userId).toMatch(/^usr_/);
      expect(await api.status(`/api/user/${userId}/keys`, apiKey)).toBe(200);
      await page.getByRole("button", { name: "Continue to dashboard" }).click();
      await page.getByRole("heading", { name: "User dashboard" }).waitFor();
      expect(await page.getByTestId("referral-code").innerText()).toBe(userId);
      expect(page.url()).not.toContain(apiKey);
      tab.assertClean();
    } finally {
      await tab.close();
    }
  });
});

describe("user", () => {
  it("shows the points, history and network the API reports", async () => {
    const tab = await openTab(browser, orch.url, "desktop");
    try {
      const { page } = tab;
      await signIn(page, "user", user.secret, user.id);
      await page.getByRole("heading", { name: "User dashboard" }).waitFor();
      const s = await userStats(user);
      expect(s.totals.usage).not.toBe("0.000000000");
      await expect.poll(() => statValue(page, "usage-today")).toBe(formatDecimal(s.today.usage ?? ""));
      expect(await statValue(page, "usage-all")).toBe(formatDecimal(s.totals.usage ?? ""));
      expect(await statValue(page, "usage-30d")).toBe(formatDecimal(s.totals.usage ?? ""));
      expect(await statValue(page, "total-all")).toBe(formatDecimal(s.totals.total));
      // 30 days → 30 hover targets; the table behind the chart has one row per day too.
      expect(await page.locator("#history svg rect.hit").count()).toBe(30);
      expect(await page.locator("#history .chart-table tbody tr").count()).toBe(s.history.length);
      expect(await page.getByTestId("referral-code").innerText()).toBe(user.id);
      const network = page.getByRole("table", { name: "Referral network by level" });
      expect(await network.locator("tbody tr").count()).toBe(3);
      expect(await network.locator("tbody tr").first().innerText()).toContain("15%");
      const snippet = await page.locator("#quick-start pre").innerText();
      expect(snippet).toContain(`baseURL: "${orch.url}/v1"`);
      expect(snippet).not.toContain(user.secret);
      tab.assertClean();
    } finally {
      await tab.close();
    }
  });

  it("refuses referral codes with the API's reason, then applies a good one once", async () => {
    const tab = await openTab(browser, orch.url, "desktop");
    try {
      const { page } = tab;
      await signIn(page, "user", user.secret, user.id);
      const input = page.getByLabel("Enter referral code");
      const apply = page.getByRole("button", { name: "Apply" });
      for (const code of ["usr_nobody_here", user.id, provider.id]) {
        const expected = await apiMessage(`/api/user/${user.id}/referral`, user.secret, { method: "POST", body: { referralCode: code } });
        await input.fill(code);
        await apply.click();
        await expect.poll(() => page.locator("#referrals [role=alert]").innerText()).toBe(`Referral code refused: ${expected}`);
      }
      await input.fill(referrerUser.id);
      await apply.click();
      await expect.poll(() => page.locator("#referrals [role=status]").innerText()).toContain(referrerUser.id);
      await expect.poll(() => page.getByTestId("referrer").innerText()).toContain(referrerUser.id);
      expect(await input.count()).toBe(0);
      const r = await userStats(referrerUser);
      expect(r.network.level1).toBe(1);
      expect(r.totals.directBonus).toBe("25.000000000");
      tab.assertClean([400, 404]);
    } finally {
      await tab.close();
    }
  });

  it("creates a named key shown once and revokes it", async () => {
    const tab = await openTab(browser, orch.url, "desktop");
    try {
      const { page } = tab;
      await signIn(page, "user", user.secret, user.id);
      await page.getByLabel("New key name").fill("ci-bot");
      await page.getByRole("button", { name: "Create key" }).click();
      const key = (await page.getByTestId("new-key").locator("code").innerText()).trim();
      expect(await api.status("/v1/models", key)).toBe(200);
      const row = page.locator("#keys tbody tr", { hasText: "ci-bot" });
      await row.waitFor();
      expect(await row.innerText()).not.toContain(key);
      await page.getByRole("button", { name: "Revoke key ci-bot" }).click();
      await expect.poll(() => row.innerText()).toMatch(/revoked/i);
      expect(await page.getByTestId("new-key").count()).toBe(0);
      const keys = await api.call(Keys, `/api/user/${user.id}/keys`, { token: user.secret });
      expect(keys.data.find((k) => k.name === "ci-bot")?.revokedAt).not.toBeNull();
      expect(await api.status("/v1/models", key)).toBe(401);
      await page.getByRole("heading", { name: "User dashboard" }).waitFor();
      await tab.screenshot("user");
      tab.assertClean();
    } finally {
      await tab.close();
    }
    await phoneShot("user", user.secret, user.id, "user", "[data-stat=usage-today]");
  });

  it("sends you back to sign-in with a clear message when your key stops working", async () => {
    const k = await api.call(KeyCreated, `/api/user/${user.id}/keys`, { method: "POST", token: user.secret, body: { name: "short-lived" } });
    const tab = await openTab(browser, orch.url, "desktop");
    try {
      const { page } = tab;
      await signIn(page, "user", k.key, user.id);
      await page.getByRole("heading", { name: "User dashboard" }).waitFor();
      // The heading shows before the view's two requests finish: revoking while they are in flight
      // signs this page out before the reload, and the reloaded page then has nothing to refuse.
      // Each renders only from its answer (the stats cards, the key's row), so wait for both.
      await page.locator("[data-stat=usage-today] .stat-value").waitFor();
      await page.locator("#keys tbody tr", { hasText: "short-lived" }).waitFor();
      await api.call(Anything, `/api/user/${user.id}/keys/${k.id}`, { method: "DELETE", token: user.secret });
      await page.reload();
      // Both of the view's requests are refused and each sends the page back to sign-in, so the alert
      // can be rendered twice; wait on the locator (re-resolved) rather than one element's text.
      await page.getByRole("alert").filter({ hasText: /^Your credentials were refused: .+ Sign in again\.$/ }).first().waitFor({ timeout: 8_000 });
      expect(await page.locator("#signin-secret").isVisible()).toBe(true);
      expect(await page.evaluate("sessionStorage.length")).toBe(0);
      tab.assertClean([401]);
    } finally {
      await tab.close();
    }
  });
});

describe("provider", () => {
  it("shows compute earnings, breakdowns, live nodes and applies a referral code", async () => {
    const tab = await openTab(browser, orch.url, "desktop");
    try {
      const { page } = tab;
      await signIn(page, "provider", provider.secret, provider.id);
      await page.getByRole("heading", { name: "Provider dashboard" }).waitFor();
      const s = await providerStats(provider);
      await expect.poll(() => statValue(page, "compute-today")).toBe(formatDecimal(s.today.compute ?? ""));
      expect(await statValue(page, "compute-all")).toBe(formatDecimal(s.totals.compute ?? ""));
      expect(s.byTier?.[0]?.tier).toBe("open-ocean");
      const tierBars = page.locator("#breakdown figure", { hasText: "By tier" });
      expect(await tierBars.innerText()).toContain("Open Ocean");
      expect(await tierBars.innerText()).toContain(formatDecimal(s.byTier?.[0]?.amount ?? ""));
      expect(await page.locator("#breakdown figure", { hasText: "By model" }).innerText()).toContain(MODEL);

      const nodeRow = page.locator("#nodes tbody tr", { hasText: nodeId });
      await nodeRow.waitFor();
      const badge = nodeRow.locator(".badge");
      expect(await badge.getAttribute("data-status")).toBe("active");
      expect(await badge.getAttribute("class")).toContain("badge-ok");
      const rowText = await nodeRow.innerText();
      expect(rowText).toContain("Open Ocean");
      expect(rowText).toContain(MODEL);
      expect(rowText).toContain("1/4");

      const input = page.getByLabel("Enter referral code");
      const expected = await apiMessage(`/api/providers/${provider.id}/referral`, provider.secret, { method: "POST", body: { referralCode: user.id } });
      await input.fill(user.id);
      await page.getByRole("button", { name: "Apply" }).click();
      await expect.poll(() => page.locator("#referrals [role=alert]").innerText()).toBe(`Referral code refused: ${expected}`);
      await input.fill(referrerProvider.id);
      await page.getByRole("button", { name: "Apply" }).click();
      await expect.poll(() => page.getByTestId("referrer").innerText()).toContain(referrerProvider.id);
      expect((await providerStats(referrerProvider)).totals.directBonus).toBe("50.000000000");
      await tab.screenshot("provider");
      tab.assertClean([400]);
    } finally {
      await tab.close();
    }
    await phoneShot("provider", provider.secret, provider.id, "provider", "#nodes tbody tr .badge");
  });
});

describe("admin", () => {
  it("shows network totals and the live registry, closes an epoch with payouts, suspends and restores an account", async () => {
    const tab = await openTab(browser, orch.url, "desktop");
    try {
      const { page } = tab;
      await signIn(page, "admin", orch.adminToken);
      await page.getByRole("heading", { name: "Network admin" }).waitFor();
      const totals = await api.call(Reconcile, "/api/admin/reconcile", { token: orch.adminToken });
      await expect.poll(() => statValue(page, "users")).toBe(String(totals.network.users));
      expect(await statValue(page, "providers")).toBe(String(totals.network.providers));
      expect(await statValue(page, "pointsIssued")).toBe(formatDecimal(totals.network.pointsIssued));
      const ocean = page.locator('[data-tier="open-ocean"]');
      await ocean.locator("tbody tr", { hasText: nodeId }).waitFor();
      expect(await ocean.innerText()).toContain(provider.id);

      const epoch = new Date().toISOString().slice(0, 7);
      await page.getByLabel("Epoch (YYYY-MM)").fill(epoch);
      await page.getByLabel("Revenue").fill("1000.00");
      await page.getByRole("button", { name: "Close epoch" }).click();
      await expect.poll(() => page.locator("#epochs [role=status]").innerText()).toContain(`Epoch ${epoch} closed`);
      const closed = await api.call(EpochPayouts, `/api/admin/epochs/${epoch}`, { token: orch.adminToken });
      const mine = closed.payouts.find((p) => p.accountId === user.id);
      expect(mine).toBeDefined();
      const payoutRow = page.getByTestId("epoch-detail").locator("tbody tr", { hasText: user.id });
      expect(await payoutRow.innerText()).toContain(formatDecimal(mine?.payout ?? "x", 2, 2));
      expect(await page.getByTestId("epoch-detail").locator("tbody tr").count()).toBe(closed.payouts.length);
      expect(await page.locator("#epochs table", { hasText: "Closed epochs" }).locator("tbody tr", { hasText: epoch }).count()).toBe(1);

      const again = await apiMessage("/api/admin/epochs/close", orch.adminToken, { method: "POST", body: { epoch, revenue: "5.00" } });
      await page.getByRole("button", { name: "Close epoch" }).click();
      await expect.poll(() => page.locator("#epochs [role=alert]").innerText()).toBe(`Could not close the epoch: ${again}`);

      await page.getByLabel("Account id").fill(referrerUser.id);
      await page.getByRole("button", { name: "Suspend", exact: true }).click();
      await expect.poll(() => page.locator("#accounts [role=status]").innerText()).toContain("suspended");
      expect(await api.status(`/api/user/${referrerUser.id}/keys`, referrerUser.secret)).toBe(403);
      await page.getByRole("button", { name: "Unsuspend" }).click();
      await expect.poll(() => page.locator("#accounts [role=status]").innerText()).toContain("active again");
      expect(await api.status(`/api/user/${referrerUser.id}/keys`, referrerUser.secret)).toBe(200);

      await tab.screenshot("admin");
      tab.assertClean([409]);
    } finally {
      await tab.close();
    }
    await phoneShot("admin", orch.adminToken, undefined, "admin", '[data-tier="open-ocean"] tbody tr');
  });
});
