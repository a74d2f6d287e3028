import { describe, expect, it } from "vitest";
import { DASHBOARD_WIDTH, renderDashboard, renderPlain, type DashboardSnapshot } from "./render.js";
import { visibleLength } from "./ansi.js";

const snap: DashboardSnapshot = {
  providerId: "prov_abc123",
  status: "active",
  tier: "mariana-depth",
  todayPoints: "12.45",
  allTimePoints: "342.1",
  referrals: 3,
  models: ["llama3.1:8b"],
  services: ["chat", "scrape"],
  publicUrl: "https://x.trycloudflare.com",
  requests: { served: 5, failed: 1, inFlight: 0, rejected: 2 },
  lastError: null,
};

describe("dashboard", () => {
  it("draws the guide's boxes with aligned edges", () => {
    const text = renderDashboard(snap, true);
    expect(text).toContain("PROVIDER/REFERRAL ID:");
    expect(text).toContain("\x1b[32m●\x1b[39m STATUS: ACTIVE");
    expect(text).toContain("TODAY'S EARNINGS: 12.45 pts");
    expect(text).toContain("ALL TIME EARNINGS: 342.1 pts");
    expect(text).toContain("REFERRALS: 3");
    expect(text).toContain("DEVICE TIER: Mariana Depth (Tier 4 - 22GB+ VRAM)");
    const boxLines = text.split("\n").filter((l) => l.startsWith("│") || l.startsWith("╭") || l.startsWith("╰"));
    for (const l of boxLines) expect(visibleLength(l)).toBe(DASHBOARD_WIDTH);
  });
  it("shows — for unknown earnings and a red dot when offline", () => {
    const text = renderDashboard({ ...snap, status: "offline", todayPoints: undefined, allTimePoints: undefined, referrals: undefined }, true);
    expect(text).toContain("\x1b[31m●\x1b[39m STATUS: OFFLINE");
    expect(text).toContain("TODAY'S EARNINGS: — pts");
    expect(text).toContain("REFERRALS: —");
  });
  it("a yellow dot while starting; plain lines have no escapes", () => {
    expect(renderDashboard({ ...snap, status: "starting" }, true)).toContain("\x1b[33m●\x1b[39m STATUS: STARTING");
    expect(renderPlain(snap)).toBe("status=active provider=prov_abc123 tier=mariana-depth served=5 failed=1 inFlight=0 today=12.45 allTime=342.1 referrals=3 url=https://x.trycloudflare.com");
  });
});
