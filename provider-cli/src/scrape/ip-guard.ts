import { BlockList, isIP } from "node:net";

/**
 * Address classes a provider node must never connect to on a consumer's behalf, so the
 * provider's LAN, loopback services and cloud metadata endpoints stay unreachable.
 */
// Separate lists: Node's BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules, and
// the mapped range below must refuse only IPv6-form addresses.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
const v4: Array<[string, number]> = [
  ["0.0.0.0", 8], // unspecified / "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, incl. 169.254.169.254 metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. broadcast
];
const v6: Array<[string, number]> = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["::ffff:0:0", 96], // IPv4-mapped: would smuggle any IPv4 target
  ["::", 96], // IPv4-compatible (deprecated)
  ["64:ff9b::", 96], // NAT64 well-known prefix
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 embeds IPv4
  ["fc00::", 7], // unique local, incl. fd00:ec2::254 metadata
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];
for (const [net, prefix] of v4) blockedV4.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of v6) blockedV6.addSubnet(net, prefix, "ipv6");

const loopbackV4 = new BlockList();
loopbackV4.addSubnet("127.0.0.0", 8, "ipv4");

const BLOCKED_HOSTNAMES = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"]);

export interface GuardOptions {
  /** Test-only: permit loopback targets (env CXMPUTE_SCRAPE_ALLOW_LOOPBACK=1). */
  allowLoopback: boolean;
}

const loopbackV6 = new BlockList();
loopbackV6.addAddress("::1", "ipv6");

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** True when connecting to this IP literal is refused. */
export function isBlockedAddress(address: string, opts: GuardOptions): boolean {
  const ip = stripBrackets(address).split("%")[0] ?? "";
  const family = isIP(ip);
  if (family === 0) return true;
  if (family === 4) {
    if (opts.allowLoopback && loopbackV4.check(ip, "ipv4")) return false;
    return blockedV4.check(ip, "ipv4");
  }
  if (opts.allowLoopback && loopbackV6.check(ip, "ipv6")) return false;
  return blockedV6.check(ip, "ipv6");
}

/** Names refused before any DNS lookup (cloud metadata aliases). */
export function isBlockedHostname(hostname: string): boolean {
  const h = stripBrackets(hostname).toLowerCase().replace(/\.$/, "");
  return BLOCKED_HOSTNAMES.has(h);
}
