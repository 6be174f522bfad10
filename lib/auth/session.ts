// STUB owned by the auth helper: replaced with the real Auth.js-backed implementation.
import "server-only";

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user of this request, or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  return null;
}
