// The signed-in user of this request (from the Auth.js JWT session), for routes, pages and actions.
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { auth } from "@/lib/auth/auth";
import { hasSessionCookie, isSessionCookieName } from "@/lib/auth/session-cookie";

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user of this request, or null (pages, layouts, server actions). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // No session cookie, no session (JWT strategy): skip Auth.js, which would otherwise mint a CSRF
  // token (a SHA-256 on the crypto thread pool) on every guest request, the hot path of a drop.
  if (!(await cookies()).getAll().some((c) => isSessionCookieName(c.name))) return null;
  return userOfSession();
});

const sessionOfRequest = new WeakMap<Request, Promise<SessionUser | null>>();

/**
 * The same for a route handler's request, looked up once per request (React's cache does not
 * apply in route handlers). A guest's request is answered from its Cookie header alone.
 */
export function getSessionUserOf(req: Request): Promise<SessionUser | null> {
  let found = sessionOfRequest.get(req);
  if (!found) {
    found = hasSessionCookie(req.headers.get("cookie")) ? userOfSession() : Promise.resolve(null);
    sessionOfRequest.set(req, found);
  }
  return found;
}

async function userOfSession(): Promise<SessionUser | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
}
