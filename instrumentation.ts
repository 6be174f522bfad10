// Runs once when a server instance starts (Next.js calls register() before serving): a production
// server with a missing or unsafe setting refuses to start, saying which one, instead of failing
// on the first request that needs it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkEnvAtStartup } = await import("@/lib/env");
  checkEnvAtStartup();
}
