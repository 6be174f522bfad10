// Runs once when a server instance starts (Next.js calls register() before serving): a production
// server with a missing or unsafe setting refuses to start, saying which one, instead of failing
// on the first request that needs it. Then the logs go to stdout, and tracing starts when the
// OTEL_* variables point somewhere (lib/observability/start-tracing.ts), and, with
// JOBS_SCHEDULE=in-process, the cleanup and payment-sync jobs run on a timer (lib/jobs/scheduler.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvAtStartup } = await import("@/lib/env");
    const env = checkEnvAtStartup();
    const { sendLogsToStdout, getLogger } = await import("@/lib/observability/logger");
    sendLogsToStdout();
    const { startTracing } = await import("@/lib/observability/start-tracing");
    const tracing = startTracing(env);
    getLogger().info({ tracing: tracing.exporter ?? "off" }, "server started");
    // Self-hosted: the server runs its own jobs (JOBS_SCHEDULE=in-process; never on Vercel).
    const { inProcessJobs } = await import("@/lib/env");
    const g = globalThis as { __shopJobScheduler?: unknown };
    if (inProcessJobs(env) && !g.__shopJobScheduler) {
      const [{ startJobScheduler }, { createJobDeps }, { getDb, getPool }] = await Promise.all([
        import("@/lib/jobs/scheduler"),
        import("@/lib/jobs/create-job-deps"),
        import("@/lib/db"),
      ]);
      g.__shopJobScheduler = startJobScheduler({
        makeDeps: () => createJobDeps({ db: getDb(), now: new Date(), pool: getPool() }),
        intervalMs: env.JOBS_INTERVAL_SECONDS * 1000,
        firstDelayMs: Math.min(10_000, env.JOBS_INTERVAL_SECONDS * 1000),
      });
    }
  }
}
