// A quick liveness probe of the database for uptime monitors: never throws, never hangs long.
import type { Db } from "@/lib/db";

export async function checkDatabase({ db }: { db: Db }, timeoutMs = 3000): Promise<{ ok: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("health check timed out")), timeoutMs);
    });
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return { ok: true };
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}
