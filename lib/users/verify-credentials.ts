// Checks an email + password pair for sign-in. Unknown emails cost the same scrypt work as known
// ones; wrong passwords count towards a per-account lock (sign-in-throttle.ts).
import type { Deps } from "@/lib/deps";
import { hashPassword, verifyPassword } from "@/lib/users/password";
import { recordFailedSignIn, signInLockedFor } from "@/lib/users/sign-in-throttle";
import type { UserView } from "@/lib/users/schemas";

export type CredentialsCheck =
  { ok: true; user: UserView } | { ok: false; reason: "INVALID" } | { ok: false; reason: "LOCKED"; retryAfterSeconds: number };

let dummyHash: Promise<string> | undefined;

export async function verifyCredentials(deps: Deps, input: { email: string; password: string }): Promise<CredentialsCheck> {
  const lockedFor = await signInLockedFor(deps, input.email);
  if (lockedFor > 0) return { ok: false, reason: "LOCKED", retryAfterSeconds: lockedFor };
  const user = await deps.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  // Same work whether or not the account exists, so response times do not tell which emails do.
  dummyHash ??= hashPassword("not-a-real-password");
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid) {
    await recordFailedSignIn(deps, input.email);
    return { ok: false, reason: "INVALID" };
  }
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
