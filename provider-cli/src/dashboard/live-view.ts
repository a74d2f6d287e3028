import type { Logger } from "../utils/logger.js";
import { renderDashboard, renderPlain, type DashboardSnapshot } from "./render.js";

const REDRAW_MS = 1000;
const PLAIN_SUMMARY_MS = 60_000;

/** Redraws the dashboard on a TTY; otherwise prints a plain summary line on changes and periodically. */
export class LiveView {
  private timer: NodeJS.Timeout | undefined;
  private lastPlain = "";

  constructor(
    private readonly snapshot: () => DashboardSnapshot,
    private readonly tty: boolean,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.refresh();
    this.timer = setInterval(() => this.refresh(true), this.tty ? REDRAW_MS : PLAIN_SUMMARY_MS);
    this.timer.unref();
  }

  refresh(periodic = false): void {
    const s = this.snapshot();
    if (this.tty) {
      process.stdout.write(`\x1b[H\x1b[2J${renderDashboard(s, true)}\n`);
      return;
    }
    const line = renderPlain(s);
    if (periodic || line !== this.lastPlain) {
      this.lastPlain = line;
      process.stdout.write(`${line}\n`);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
