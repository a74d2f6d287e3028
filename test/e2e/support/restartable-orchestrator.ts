import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../../fixtures/wrangler-dev/index.js";
import { PollAbort, pollUntil } from "./poll.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
const env = () => ({ ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1", FORCE_COLOR: "0" });

/**
 * A `wrangler dev` that can be stopped and started again on the same port with the same
 * persistence folder (the shared fixture deletes its folder on stop, which a restart must not).
 */
export class RestartableOrchestrator {
  readonly adminToken = `adm_${randomBytes(18).toString("base64url")}`;
  private child: ChildProcess | null = null;
  private log = "";
  private constructor(readonly persistDir: string, readonly port: number, private readonly vars: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  logs(): string {
    return this.log;
  }

  static async create(vars: Record<string, string>): Promise<RestartableOrchestrator> {
    const persistDir = mkdtempSync(join(tmpdir(), "cx-restart-"));
    const r = spawnSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], { cwd: ROOT, env: env(), encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) {
      rmSync(persistDir, { recursive: true, force: true });
      throw new Error(`migrations failed: ${r.stdout}${r.stderr}`);
    }
    // The port is picked only now, right before wrangler binds it: the migrations take seconds in
    // which another process on this shared machine could take an earlier pick.
    const o = new RestartableOrchestrator(persistDir, await freePort(), vars);
    writeFileSync(join(persistDir, "test.env"), `ADMIN_TOKEN=${o.adminToken}\n`, { mode: 0o600 });
    try {
      await o.start();
    } catch (err) {
      await o.destroy();
      throw err;
    }
    return o;
  }

  async start(): Promise<void> {
    const varArgs = Object.entries(this.vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
    const child = spawn(
      WRANGLER,
      ["dev", "--ip", "127.0.0.1", "--port", String(this.port), "--inspector-port", String(await freePort()), "--persist-to", this.persistDir, "--env-file", join(this.persistDir, "test.env"), "--show-interactive-dev-session=false", ...varArgs],
      { cwd: ROOT, env: env(), stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    child.stdout?.on("data", (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.log += d.toString()));
    this.child = child;
    await pollUntil(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new PollAbort(`wrangler dev exited (code ${child.exitCode}, signal ${child.signalCode}) before answering:\n${this.log.slice(-3000)}`);
        }
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        return res.ok ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: `wrangler dev on ${this.url}` },
    );
  }

  /** Stops the whole process group (wrangler, workerd, esbuild) and waits for the port to close. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child?.pid) return;
    const pid = child.pid;
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        // Already gone.
      }
    };
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));
    kill("SIGTERM");
    const t = setTimeout(() => kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(t);
    kill("SIGKILL");
    await pollUntil(async () => (await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(500) }).then(() => undefined, () => true)), { timeoutMs: 10_000, intervalMs: 100, what: "port closed" });
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.persistDir, { recursive: true, force: true });
  }
}
