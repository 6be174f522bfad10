// The signed-in user of this request (from the Auth.js JWT session), for routes, pages and actions.
import "server-only";
import { cache } from "react";
import { AppError } from "@/lib/errors";
import { auth } from "@/lib/auth/auth";

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user of this request, or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
});

/** The signed-in user, or 401 UNAUTHENTICATED. */
export async function requireSessionUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return user;
}
