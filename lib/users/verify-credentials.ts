// Checks an email + password pair for sign-in. Unknown emails cost the same scrypt work as known
// ones; wrong passwords count towards a per-account lock (sign-in-throttle.ts).
import type { Deps } from "@/lib/deps";
import { hashPassword, verifyPassword } from "@/lib/users/password";
import { recordFailedSignIn, signInLockedFor } from "@/lib/users/sign-in-throttle";
import type { UserView } from "@/lib/users/schemas";

export type CredentialsCheck =
  /** sessionVersion: the account's current one, carried by the session (lib/users/session-version.ts). */
  { ok: true; user: UserView; sessionVersion: number } | { ok: false; reason: "INVALID" } | { ok: false; reason: "LOCKED"; retryAfterSeconds: number };

let dummyHash: Promise<string> | undefined;

/** `address`: the client's (lib/http/client-ip.ts), null when unknown; the lock counts per email and address (none when unknown). */
export async function verifyCredentials(deps: Deps, input: { email: string; password: string; address?: string | null }): Promise<CredentialsCheck> {
  const attempt = { email: input.email, address: input.address ?? null };
  const lockedFor = await signInLockedFor(deps, attempt);
  if (lockedFor > 0) return { ok: false, reason: "LOCKED", retryAfterSeconds: lockedFor };
  const user = await deps.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true },
  });
  // Same work whether or not the account exists, so response times do not tell which emails do.
  dummyHash ??= hashPassword("not-a-real-password");
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid) {
    await recordFailedSignIn(deps, attempt);
    return { ok: false, reason: "INVALID" };
  }
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, sessionVersion: user.sessionVersion };
}
