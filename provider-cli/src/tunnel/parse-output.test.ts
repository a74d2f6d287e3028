import { describe, expect, it } from "vitest";
import { isConnectedLine, parseQuickTunnelUrl } from "./parse-output.js";

// Recorded from `cloudflared tunnel --url http://127.0.0.1:8080` (2024.8.x), timestamps kept.
const QUICK = `2024-09-03T10:12:41Z INF Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out. However, be aware that these account-less Tunnels have no uptime guarantee, are subject to the Cloudflare Online Services Terms of Use (https://www.cloudflare.com/website-terms/), and Cloudflare reserves the right to investigate your use of Tunnels for violations of such terms. If you intend to use Tunnels in production you should use a pre-created named tunnel by following: https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/
2024-09-03T10:12:41Z INF Requesting new quick Tunnel on trycloudflare.com...
2024-09-03T10:12:43Z INF +--------------------------------------------------------------------------------------------+
2024-09-03T10:12:43Z INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |
2024-09-03T10:12:43Z INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |
2024-09-03T10:12:43Z INF +--------------------------------------------------------------------------------------------+
2024-09-03T10:12:43Z INF Registered tunnel connection connIndex=0 connection=2b0ea3e3-5d0f-4b53-9a8c-6e3f1c1f2d2a event=0 ip=198.41.192.7 location=ams11 protocol=quic`;

describe("cloudflared output", () => {
  it("finds the quick tunnel URL in the banner box, not the terms links", () => {
    expect(parseQuickTunnelUrl(QUICK)).toBe("https://seasonal-deck-organisms-sf.trycloudflare.com");
  });
  it("ignores the API host in an error line", () => {
    expect(parseQuickTunnelUrl('ERR failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: i/o timeout')).toBeUndefined();
  });
  it("spots a registered connection", () => {
    expect(QUICK.split("\n").some(isConnectedLine)).toBe(true);
    expect(isConnectedLine("INF Requesting new quick Tunnel")).toBe(false);
  });
});
