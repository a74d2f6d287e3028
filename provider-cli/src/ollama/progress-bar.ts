import type { PullProgress } from "./client.js";

const MB = 1024 * 1024;

export function formatBytes(n: number): string {
  if (n >= 1024 * MB) return `${(n / (1024 * MB)).toFixed(2)} GB`;
  return `${(n / MB).toFixed(1)} MB`;
}

/** One line: `llama3.1:8b [██████░░░░] 60% 2.82/4.70 GB 35.1 MB/s`. */
export function renderProgress(p: PullProgress, bytesPerSec: number, width = 24): string {
  if (p.total <= 0) return `${p.model}: ${p.status}`;
  const ratio = Math.min(1, p.completed / p.total);
  const filled = Math.round(ratio * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  return `${p.model} [${bar}] ${Math.floor(ratio * 100)}% ${formatBytes(p.completed)}/${formatBytes(p.total)} ${formatBytes(bytesPerSec)}/s`;
}

/** Returns a progress callback that draws in place on a TTY and prints milestones otherwise. */
export function progressPrinter(out: NodeJS.WriteStream = process.stdout): { onProgress: (p: PullProgress) => void; done: () => void } {
  let lastBytes = 0;
  let lastTime = Date.now();
  let speed = 0;
  let lastMilestone = -1;
  let drew = false;
  return {
    onProgress(p) {
      const now = Date.now();
      if (p.completed < lastBytes) lastBytes = 0;
      const dt = (now - lastTime) / 1000;
      if (dt > 0.05) {
        speed = (p.completed - lastBytes) / dt;
        lastBytes = p.completed;
        lastTime = now;
      }
      const line = renderProgress(p, Math.max(0, speed));
      if (out.isTTY) {
        out.write(`\r\x1b[2K${line}`);
        drew = true;
      } else {
        const pct = p.total > 0 ? Math.floor((p.completed / p.total) * 4) * 25 : -1;
        if (p.total <= 0 || pct !== lastMilestone) {
          lastMilestone = pct;
          out.write(`${line}\n`);
        }
      }
    },
    done() {
      if (drew) out.write("\n");
    },
  };
}
