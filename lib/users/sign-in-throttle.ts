// Password guessing is slowed per account AND client address: after MAX_FAILED_SIGN_INS wrong
// passwords for an email from one address within the window, that address may not try that email
// again until the window ends. A stranger's failures therefore lock only the stranger: the owner
// signs in from their own address as usual. (Guessing spread over many addresses is bounded by the
// per-account sign-in rate limit, lib/http/rate-limit.ts; successes never count.)
// When the address is unknown (a bare `next start` with no TRUSTED_PROXIES) there is no lock at
// all: every caller would share one "unknown" bucket, so a stranger could lock the owner again.
// The per-account rate limit still applies then.
import { createHash } from "node:crypto";
import type { Deps } from "@/lib/deps";

export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** Where an attempt comes from: the client's address, or null when the deployment cannot tell it. */
export type SignInAttempt = { email: string; address: string | null };

/** The bucket key carries no personal data: `signin-failures:` + sha256(email, address) (first 32 hex). */
const keyOf = (email: string, address: string) =>
  `signin-failures:${createHash("sha256").update(`${email}\u0000${address}`).digest("hex").slice(0, 32)}`;

/** Seconds until this email may be tried again from this address, or 0 when it is not locked (or the address is unknown). */
export async function signInLockedFor({ db, now }: Deps, { email, address }: SignInAttempt): Promise<number> {
  if (address === null) return 0;
  const bucket = await db.rateLimitBucket.findUnique({ where: { key: keyOf(email, address) }, select: { count: true, resetAt: true } });
  if (!bucket || bucket.resetAt <= now || bucket.count < MAX_FAILED_SIGN_INS) return 0;
  return Math.ceil((bucket.resetAt.getTime() - now.getTime()) / 1000);
}

/** Counts one wrong password (one statement: concurrent failures all count); not counted when the address is unknown. */
export async function recordFailedSignIn({ db, now }: Deps, { email, address }: SignInAttempt): Promise<void> {
  if (address === null) return;
  const at = now.toISOString();
  const resetAt = new Date(now.getTime() + SIGN_IN_WINDOW_SECONDS * 1000).toISOString();
  await db.$executeRaw`
    INSERT INTO "RateLimitBucket" (key, count, "resetAt") VALUES (${keyOf(email, address)}, 1, ${resetAt}::timestamp(3))
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimitBucket"."resetAt" <= ${at}::timestamp(3) THEN 1 ELSE "RateLimitBucket".count + 1 END,
      "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= ${at}::timestamp(3) THEN EXCLUDED."resetAt" ELSE "RateLimitBucket"."resetAt" END`;
}
