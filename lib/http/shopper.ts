// Who is shopping in this request: the store (404 if unknown), the signed-in user (their cart) or
// else the guest's cart cookie. A guest's first cart write gets a new token, remembered in the
// cookie only once a cart exists (a refused write sets nothing).
import "server-only";
import { getDb } from "@/lib/db";
import type { Deps } from "@/lib/deps";
import { getSessionUserOf } from "@/lib/auth/session";
import { getStoreBySlugOrThrow, type StoreRef } from "@/lib/stores/get-store";
import { hashCartToken, newCartToken } from "@/lib/cart/cart-token";
import type { CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import { cartCookieHeader, readCartToken } from "@/lib/http/cart-cookie";
import { isSecureOrigin, publicOriginOf } from "@/lib/http/origin";

export type Shopper = {
  deps: Deps;
  store: StoreRef;
  owner: CartOwner;
  /** A token minted for this request's write; the cookie is set when the write made a cart. */
  newToken: string | null;
  /** The app's origin is https: the cart cookie is Secure. */
  secureCookies: boolean;
};

type StoreParams = { params: Promise<{ store: string }> };

/** Resolves the shopper; `write: true` mints a guest token when the browser has none. */
export async function resolveShopper(req: Request, ctx: StoreParams, options: { write?: boolean } = {}): Promise<Shopper> {
  const { store: slug } = await ctx.params;
  const deps: Deps = { db: getDb(), now: new Date() };
  const store = await getStoreBySlugOrThrow(deps, slug);
  const user = await getSessionUserOf(req);
  const secureCookies = isSecureOrigin(publicOriginOf(req.headers));
  if (user) return { deps, store, owner: { storeId: store.id, userId: user.id, tokenHash: null }, newToken: null, secureCookies };
  let token = readCartToken(req, store.slug);
  let newToken: string | null = null;
  if (!token && options.write) {
    token = newCartToken();
    newToken = token;
  }
  return { deps, store, owner: { storeId: store.id, userId: null, tokenHash: token ? hashCartToken(token) : null }, newToken, secureCookies };
}

/** The `{ cart }` answer of every cart route; remembers a new guest cart in its cookie. */
export function cartResponse(shopper: Shopper, cart: CartView): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (shopper.newToken && cart.id) headers["Set-Cookie"] = cartCookieHeader(shopper.store.slug, shopper.newToken, shopper.deps.now, { secure: shopper.secureCookies });
  return Response.json({ cart }, { headers });
}
