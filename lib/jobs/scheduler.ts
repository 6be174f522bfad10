// In-process jobs (JOBS_SCHEDULE=in-process, the self-hosted default): the server runs cleanup and
// then payment-sync every interval through the very entry points the cron routes and the CLI call
// (runCleanup, syncPayments), so the same job lock decides: a tick that meets a cron- or
// CLI-triggered run of the same job is skipped ("locked"), never run alongside it. Ticks never
// overlap each other (the next is scheduled when one ends). No Next.js here: instrumentation.ts
// starts it with deps built from the environment.
import type { JobDeps } from "@/lib/jobs/run-cleanup";
import { runCleanup } from "@/lib/jobs/run-cleanup";
import type { JobName } from "@/lib/jobs/run-job";
import { syncPayments } from "@/lib/jobs/sync-payments";
import { getLogger } from "@/lib/observability/logger";

export type ScheduledRun = { job: JobName; outcome: "ok" | "skipped" | "failed"; error?: string };

export type SchedulerOptions = {
  /** Fresh deps (and clock) for each run. */
  makeDeps: () => JobDeps;
  intervalMs: number;
  /** Delay before the first tick (default: one interval). */
  firstDelayMs?: number;
  /** Told about every run (tests, logs). */
  onRun?: (run: ScheduledRun) => void;
};

export type JobScheduler = {
  /** Stops scheduling and waits for a tick in progress to end. */
  stop(): Promise<void>;
};

const JOBS: { job: JobName; run: (deps: JobDeps) => Promise<object> }[] = [
  { job: "cleanup", run: (deps) => runCleanup(deps) },
  { job: "payment-sync", run: (deps) => syncPayments(deps) },
];

export function startJobScheduler(options: SchedulerOptions): JobScheduler {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let stopped = false;

  async function tick() {
    for (const { job, run } of JOBS) {
      if (stopped) return;
      let report: ScheduledRun;
      try {
        const result = await run(options.makeDeps());
        report = { job, outcome: "skipped" in result ? "skipped" : "ok" };
      } catch (e) {
        // runJob has recorded the failed run (the health page shows it); the next tick tries again.
        report = { job, outcome: "failed", error: e instanceof Error ? e.message : String(e) };
        getLogger().warn({ job, err: e }, "in-process job run failed");
      }
      options.onRun?.(report);
    }
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick().finally(() => {
        current = undefined;
        schedule(options.intervalMs);
      });
    }, delayMs);
    timer.unref(); // never keeps a process alive on its own
  }

  schedule(options.firstDelayMs ?? options.intervalMs);
  getLogger().info({ intervalMs: options.intervalMs }, "in-process jobs scheduled");

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current?.catch(() => {});
    },
  };
}
