import { rollUpIfDue } from "../rewards/rollup";

/** Cron entry (every minute): daily ledger roll-up when due. Registry sweeps run on Durable Object alarms. */
export async function runScheduled(env: Env, scheduledTime: number): Promise<void> {
  await rollUpIfDue(env.DB, scheduledTime);
}
