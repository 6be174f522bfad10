// Who is using the waitlist in this request: the store, the signed-in user, and the guest's cart
// cookie (minted when a write needs one, so the same browser can later see and leave its entry).
import "server-only";
import { getDb } from "@/lib/db";
import type { Deps } from "@/lib/deps";
import { getSessionUserOf, type SessionUser } from "@/lib/auth/session";
import { getStoreBySlugOrThrow, type StoreRef } from "@/lib/stores/get-store";
import { hashCartToken, newCartToken } from "@/lib/cart/cart-token";
import { cartCookieHeader, readCartToken } from "@/lib/http/cart-cookie";
import { isSecureOrigin, publicOriginOf } from "@/lib/http/origin";

export type WaitlistShopper = {
  deps: Deps;
  store: StoreRef;
  user: SessionUser | null;
  /** The guest cookie's token hash (null when signed in, or a guest without one and no write). */
  tokenHash: string | null;
  /** A token minted for this request; its cookie is set on the answer. */
  newToken: string | null;
  /** Cookies are Secure exactly when the public origin is https. */
  secureCookies: boolean;
};

export async function resolveWaitlistShopper(req: Request, params: Promise<{ store: string }>, options: { write?: boolean } = {}): Promise<WaitlistShopper> {
  const { store: slug } = await params;
  const deps: Deps = { db: getDb(), now: new Date() };
  const store = await getStoreBySlugOrThrow(deps, slug);
  const user = await getSessionUserOf(req);
  const secureCookies = isSecureOrigin(publicOriginOf(req.headers));
  if (user) return { deps, store, user, tokenHash: null, newToken: null, secureCookies };
  let token = readCartToken(req, store.slug);
  let newToken: string | null = null;
  if (!token && options.write) {
    token = newCartToken();
    newToken = token;
  }
  return { deps, store, user: null, tokenHash: token ? hashCartToken(token) : null, newToken, secureCookies };
}

export function waitlistJson(shopper: WaitlistShopper, body: unknown, status = 200): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (shopper.newToken) headers["Set-Cookie"] = cartCookieHeader(shopper.store.slug, shopper.newToken, shopper.deps.now, { secure: shopper.secureCookies });
  return Response.json(body, { status, headers });
}
