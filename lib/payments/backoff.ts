// The sync job's schedule per payment: first check 30 s after creation, then 1 min, 2 min, 4 min …
// capped at 1 h; after 24 h pending the job gives up (cancels the provider side, releases the units).

export const FIRST_CHECK_SECONDS = 30;
export const MAX_CHECK_INTERVAL_SECONDS = 60 * 60;
export const GIVE_UP_AFTER_SECONDS = 24 * 60 * 60;

/** Seconds until the next check after `attempts` checks (0: the first check after creation). */
export function checkDelaySeconds(attempts: number): number {
  return Math.min(FIRST_CHECK_SECONDS * 2 ** Math.min(Math.max(attempts, 0), 20), MAX_CHECK_INTERVAL_SECONDS);
}

export function nextCheckAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + checkDelaySeconds(attempts) * 1000);
}

export function isPastGiveUp(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() >= GIVE_UP_AFTER_SECONDS * 1000;
}
