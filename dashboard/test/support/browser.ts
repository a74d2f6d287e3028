import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 812 } } as const;
export type ViewportName = keyof typeof VIEWPORTS;

export const SCREENSHOTS = resolve(import.meta.dirname, "../../../test-results/screenshots");

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface Tab {
  page: Page;
  /** Console errors and uncaught exceptions; HTTP refusals are kept with their status so a test can allow the ones it provoked. */
  problems: { text: string; status: number | null }[];
  /** Fails unless every problem is an HTTP refusal with one of `allowStatuses`. */
  assertClean(allowStatuses?: number[]): void;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

const FAILED_LOAD = /Failed to load resource: the server responded with a status of (\d{3})/;

export async function openTab(browser: Browser, baseUrl: string, viewport: ViewportName): Promise<Tab> {
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport], baseURL: baseUrl, reducedMotion: "reduce" });
  const page = await context.newPage();
  const problems: Tab["problems"] = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const status = FAILED_LOAD.exec(m.text())?.[1];
    problems.push({ text: `${m.text()} @ ${m.location().url}`, status: status ? Number(status) : null });
  });
  page.on("pageerror", (e) => problems.push({ text: `pageerror: ${e.message}`, status: null }));
  page.on("dialog", (d) => void d.accept());
  return {
    page,
    problems,
    assertClean(allowStatuses = []) {
      const unexpected = problems.filter((p) => p.status === null || !allowStatuses.includes(p.status));
      if (unexpected.length) throw new Error(`console errors:\n${unexpected.map((p) => p.text).join("\n")}`);
    },
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-${viewport}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

export type Role = "user" | "provider" | "admin";

/** Signs in through the form, as a person would; resolves once the role's page heading shows. */
export async function signIn(page: Page, role: Role, secret: string, id?: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel(role === "user" ? "User" : role === "provider" ? "Provider" : "Admin", { exact: true }).check();
  if (id !== undefined) await page.locator("#signin-id").fill(id);
  await page.locator("#signin-secret").fill(secret);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function statValue(page: Page, id: string): Promise<string> {
  return (await page.locator(`[data-stat="${id}"] .stat-value`).innerText()).trim();
}

/** Phone layouts must scroll vertically only; wide tables scroll inside their own box. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") as Promise<number>;
}
