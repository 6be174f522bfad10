// Runs once when a server instance starts (Next.js calls register() before serving): a production
// server with a missing or unsafe setting refuses to start, saying which one, instead of failing
// on the first request that needs it. Then the logs go to stdout, and tracing starts when the
// OTEL_* variables point somewhere (lib/observability/start-tracing.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvAtStartup } = await import("@/lib/env");
    const env = checkEnvAtStartup();
    const { sendLogsToStdout, getLogger } = await import("@/lib/observability/logger");
    sendLogsToStdout();
    const { startTracing } = await import("@/lib/observability/start-tracing");
    const tracing = startTracing(env);
    getLogger().info({ tracing: tracing.exporter ?? "off" }, "server started");
  }
}
