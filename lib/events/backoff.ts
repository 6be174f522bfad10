// Webhook retries: 5 s after the first failure, doubling, at most an hour apart; after 24 h of
// failures the delivery gives up (FAILED) and the endpoint is marked failing.
export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 60 * 60_000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

/** The wait before the next attempt, after `attempts` failed ones (1, 2, …). */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, Math.min(attempts - 1, 30)), RETRY_CAP_MS);
}
