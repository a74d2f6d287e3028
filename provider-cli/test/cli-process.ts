import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { signRequest, type HardwareProfile } from "@cxmpute/protocol";

export const CLI = resolve(import.meta.dirname, "../dist/cli.js");
export const CLOUDFLARED_STUB = resolve(import.meta.dirname, "../../test/fixtures/cloudflared-stub/cloudflared.mjs");
/** The Node that runs the CLI; CXMPUTE_TEST_NODE=/usr/bin/node checks another version (e.g. 20). */
export const NODE = process.env.CXMPUTE_TEST_NODE ?? process.execPath;
const PTY = resolve(import.meta.dirname, "pty-run.py");

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), "cxmpute-home-"));
}

/** A recorded profile so tests do not depend on this machine's GPU (it has none). */
export function hardwareFile(dir: string, vramGb = 6): string {
  const hw: HardwareProfile = {
    os: "linux", arch: "x64", cpuModel: "Test CPU", cpuCores: 8, ramGb: 32, diskFreeGb: 200,
    gpus: [{ vendor: "nvidia", name: "NVIDIA GeForce RTX 3060", vramGb }], vramGb,
  };
  const file = join(dir, "hardware.json");
  writeFileSync(file, JSON.stringify(hw));
  return file;
}

export interface CliProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the output once it matches; rejects after `timeoutMs` (bounded, never hangs). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  write(text: string): void;
  exited: Promise<number | null>;
}

export function runCli(args: string[], opts: { env?: Record<string, string>; pty?: boolean } = {}): CliProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CXMPUTE_") && k !== "OLLAMA_HOST" && k !== "CLOUDFLARED_BIN"));
  const env = { ...base, CLOUDFLARED_BIN: CLOUDFLARED_STUB, CXMPUTE_SCRAPE_ALLOW_LOOPBACK: "1", CXMPUTE_DRAIN_MS: "3000", ...opts.env };
  const child = opts.pty
    ? spawn("python3", [PTY, NODE, CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] })
    : spawn(NODE, [CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString("utf8");
    listeners.forEach((l) => l());
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return {
    child,
    output: () => out,
    write: (text) => child.stdin?.write(text),
    exited,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          if (pattern.test(out)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolvePromise(out);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${out.slice(-3000)}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => setTimeout(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited before ${pattern}; output:\n${out.slice(-3000)}`));
          }
        }, 50));
        check();
      });
    },
  };
}

/** Waits until `predicate` holds, polling every 25 ms, for at most `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function signedPost(base: string, path: string, secret: string, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  const headers = await signRequest({ secret, method: "POST", path, body: text });
  return fetch(`${base}${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: text });
}

/** "    at file:line" lines mean a stack trace leaked. */
export const STACK_TRACE = /^\s+at .+:\d+/m;
