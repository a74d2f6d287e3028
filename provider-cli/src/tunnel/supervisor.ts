import { EventEmitter } from "node:events";
import { createInterface } from "node:readline";
import { execa, type ResultPromise } from "execa";
import { CliError } from "../utils/cli-error.js";
import { isConnectedLine, parseQuickTunnelUrl } from "./parse-output.js";

export type TunnelSpec = { kind: "quick"; localUrl: string } | { kind: "named"; token: string };

export interface TunnelEvents {
  url: [string];
  connected: [];
  exit: [number | null];
  log: [string];
}

const START_TIMEOUT_MS = 45_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Runs cloudflared and keeps it running: when it exits unexpectedly it is restarted with
 * backoff; a quick tunnel gets a new URL each time, announced through the `url` event.
 */
export class TunnelSupervisor extends EventEmitter<TunnelEvents> {
  private child: ResultPromise | undefined;
  private stopped = false;
  private restarts = 0;
  private everUp = false;
  url: string | undefined;

  constructor(
    private readonly bin: string,
    private readonly spec: TunnelSpec,
  ) {
    super();
  }

  private args(): string[] {
    return this.spec.kind === "quick"
      ? ["tunnel", "--no-autoupdate", "--url", this.spec.localUrl]
      : ["tunnel", "--no-autoupdate", "run", "--token", this.spec.token];
  }

  /** Starts cloudflared; resolves with the public URL (quick) or once connected (named). */
  start(): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new CliError("cloudflared did not come up within 45 s", "check your internet connection, or pass --public-url / --tunnel none"));
        this.stop();
      }, START_TIMEOUT_MS);
      const onUrl = (url: string) => {
        clearTimeout(timer);
        this.off("connected", onConnected);
        resolve(url);
      };
      const onConnected = () => {
        if (this.spec.kind !== "named") return;
        clearTimeout(timer);
        this.off("url", onUrl);
        resolve(undefined);
      };
      const onEarlyExit = (code: number | null) => {
        if (this.everUp) return;
        clearTimeout(timer);
        this.off("url", onUrl);
        this.off("connected", onConnected);
        reject(
          new CliError(
            `cloudflared exited (code ${code ?? "signal"}) before the tunnel was up`,
            this.spec.kind === "named" ? "check the tunnel token (--tunnel-token), or use --tunnel quick / --public-url" : "run `cxmpute-provider doctor`, or pass --public-url",
          ),
        );
      };
      this.once("url", onUrl);
      this.once("connected", onConnected);
      this.once("exit", onEarlyExit);
      this.spawn();
    });
  }

  private spawn(): void {
    const child = execa(this.bin, this.args(), { stdin: "ignore", buffer: false, reject: false, windowsHide: true });
    this.child = child;
    let sawUrl = false;
    const onLine = (line: string) => {
      this.emit("log", line);
      const url = this.spec.kind === "quick" && !sawUrl ? parseQuickTunnelUrl(line) : undefined;
      if (url) {
        sawUrl = true;
        this.everUp = true;
        this.url = url;
        this.emit("url", url);
      }
      if (isConnectedLine(line)) {
        this.everUp = true;
        this.restarts = 0;
        this.emit("connected");
      }
    };
    for (const stream of [child.stderr, child.stdout]) if (stream) createInterface({ input: stream }).on("line", onLine);
    void child.then((result) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.emit("exit", typeof result.exitCode === "number" ? result.exitCode : null);
      // A tunnel that never came up is a configuration problem reported by start(); only a
      // tunnel that was working is restarted.
      if (this.stopped || !this.everUp) return;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.restarts) * (0.5 + Math.random() / 2);
      this.restarts++;
      setTimeout(() => {
        if (!this.stopped) this.spawn();
      }, delay).unref();
    });
  }

  stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    this.child = undefined;
    if (!child) return Promise.resolve();
    child.kill("SIGTERM");
    const forced = setTimeout(() => child.kill("SIGKILL"), 3000);
    return child.then(
      () => clearTimeout(forced),
      () => clearTimeout(forced),
    );
  }
}
