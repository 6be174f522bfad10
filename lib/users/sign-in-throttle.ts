// Password guessing is slowed per account: after MAX_FAILED_SIGN_INS wrong passwords within the
// window, every attempt on that email is refused until the window ends (successes do not count).
import { createHash } from "node:crypto";
import type { Deps } from "@/lib/deps";

export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** The bucket key carries no personal data: `signin-failures:` + the email's sha256 (first 32 hex). */
const keyOf = (email: string) => `signin-failures:${createHash("sha256").update(email).digest("hex").slice(0, 32)}`;

/** Seconds until the account may be tried again, or 0 when it is not locked. */
export async function signInLockedFor({ db, now }: Deps, email: string): Promise<number> {
  const bucket = await db.rateLimitBucket.findUnique({ where: { key: keyOf(email) }, select: { count: true, resetAt: true } });
  if (!bucket || bucket.resetAt <= now || bucket.count < MAX_FAILED_SIGN_INS) return 0;
  return Math.ceil((bucket.resetAt.getTime() - now.getTime()) / 1000);
}

/** Counts one wrong password (one statement: concurrent failures all count). */
export async function recordFailedSignIn({ db, now }: Deps, email: string): Promise<void> {
  const at = now.toISOString();
  const resetAt = new Date(now.getTime() + SIGN_IN_WINDOW_SECONDS * 1000).toISOString();
  await db.$executeRaw`
    INSERT INTO "RateLimitBucket" (key, count, "resetAt") VALUES (${keyOf(email)}, 1, ${resetAt}::timestamp(3))
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimitBucket"."resetAt" <= ${at}::timestamp(3) THEN 1 ELSE "RateLimitBucket".count + 1 END,
      "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= ${at}::timestamp(3) THEN EXCLUDED."resetAt" ELSE "RateLimitBucket"."resetAt" END`;
}
