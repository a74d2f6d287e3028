import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { isBlockedAddress, isBlockedHostname, type GuardOptions } from "./ip-guard.js";

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));

export class BlockedTargetError extends Error {
  constructor(readonly target: string) {
    super(`refused: ${target} is a private, loopback, link-local or metadata address`);
    this.name = "BlockedTargetError";
  }
}

/**
 * A `lookup` for http(s) agents: resolves once, refuses the whole name if ANY answer is a
 * blocked address (a rebinding name cannot slip a private IP in beside a public one), and
 * hands the socket only the checked addresses, so what is checked is what is connected to.
 */
export function guardedLookup(opts: GuardOptions, resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    void (async () => {
      if (isBlockedHostname(hostname)) throw new BlockedTargetError(hostname);
      const addrs = await resolver(hostname);
      const family = typeof options.family === "number" ? options.family : 0;
      const usable = addrs.filter((a) => family === 0 || a.family === family);
      if (usable.length === 0) throw Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" });
      const bad = usable.find((a) => isBlockedAddress(a.address, opts));
      if (bad) throw new BlockedTargetError(`${hostname} (${bad.address})`);
      return usable;
    })().then(
      (addrs) => {
        const first = addrs[0];
        if (options.all) callback(null, addrs);
        else if (first) callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}
