// Server-side sign-out for stateless (JWT) sessions: every session carries the account's
// sessionVersion from when it was issued, and is honoured only while the account still has that
// version (checked on every request that carries a session). Signing out bumps the version, so the
// signed-out cookie, and any copy of it, is refused from then on (on every device: sign-out ends
// all of the account's sessions).
import type { Deps } from "@/lib/deps";

/** True when the account exists and still has `version`. */
export async function isSessionCurrent({ db }: Pick<Deps, "db">, input: { userId: string; version: number }): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { sessionVersion: true } });
  return user !== null && user.sessionVersion === input.version;
}

/** Ends every session of the account (signing out). */
export async function endSessions({ db }: Pick<Deps, "db">, input: { userId: string }): Promise<void> {
  await db.user.updateMany({ where: { id: input.userId }, data: { sessionVersion: { increment: 1 } } });
}
