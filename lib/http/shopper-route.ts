// shopperRoute(): the adapter of every storefront route that acts for a shopper. Who is shopping is
// resolved once per request — the signed-in user (their cart) or else the guest's cart cookie, and
// the store — and that one answer is both the rate limiter's subject and the handler's shopper.
// A guest's first write gets a new token, remembered in the cookie only once it made something
// (a refused write sets nothing).
import "server-only";
import type { Deps } from "@/lib/deps";
import { getSessionUserOf, type SessionUser } from "@/lib/auth/session";
import { getStoreBySlugOrThrow, type StoreRef } from "@/lib/stores/get-store";
import { hashCartToken, newCartToken } from "@/lib/cart/cart-token";
import type { CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import { cartCookieHeader, readCartToken } from "@/lib/http/cart-cookie";
import { requestDeps } from "@/lib/http/deps";
import { isSecureOrigin, publicOriginOf } from "@/lib/http/origin";
import { enforceRateLimits, rulesFor } from "@/lib/http/rate-limit";
import { route } from "@/lib/http/route";

export type Shopper = {
  deps: Deps;
  store: StoreRef;
  /** The signed-in user, or null for a guest. */
  user: SessionUser | null;
  /** Whose cart: the user's, else the guest cookie's token hash (null: a guest with no cart yet). */
  owner: CartOwner;
  /** The store's cart cookie as the browser sent it, signed in or not (an order placed by this browser's guest cart). */
  cookieToken: string | null;
  /** A token minted for this request's write; its cookie is set when the write made something. */
  newToken: string | null;
  /** The app's origin is https: the cart cookie is Secure. */
  secureCookies: boolean;
};

/** Who is calling, from the request alone (no database): what the rate limiter counts by. */
export type ShopperIdentity = { storeSlug: string; user: SessionUser | null; /** The store's cart cookie, if well-formed. */ cartToken: string | null };

export type ShopperRouteOptions = {
  /** Counted per IP and per cart before the store is looked up (429 RATE_LIMITED + Retry-After). */
  rateLimit?: "cart-write";
  /** A write: a guest without a cart cookie gets a new token (set on the answer if the write made a cart). */
  write?: boolean;
};

type ShopperCall<P> = { shopper: Shopper; req: Request; params: P };

/** Reads the session and the store's cart cookie, once. */
export async function identifyShopper(req: Request, storeSlug: string): Promise<ShopperIdentity> {
  const user = await getSessionUserOf(req);
  return { storeSlug, user, cartToken: readCartToken(req, storeSlug) };
}

/** The rate limiter's subject for this shopper's cart: the user's, else the guest cookie's; null for a browser with no cart yet. */
export function cartSubjectOf(identity: ShopperIdentity): string | null {
  if (identity.user) return `${identity.storeSlug}\u0000user\u0000${identity.user.id}`;
  return identity.cartToken ? `${identity.storeSlug}\u0000guest\u0000${identity.cartToken}` : null;
}

/** The shopper of `identity` in its store (404 unknown store); `write` mints a guest token when there is none. */
export async function resolveShopper(req: Request, identity: ShopperIdentity, options: { write?: boolean } = {}): Promise<Shopper> {
  const deps = requestDeps();
  const store = await getStoreBySlugOrThrow(deps, identity.storeSlug);
  const secureCookies = isSecureOrigin(publicOriginOf(req.headers));
  const { user } = identity;
  const cookieToken = identity.cartToken;
  if (user) return { deps, store, user, owner: { storeId: store.id, userId: user.id, tokenHash: null }, cookieToken, newToken: null, secureCookies };
  let token = cookieToken;
  let newToken: string | null = null;
  if (!token && options.write) {
    token = newCartToken();
    newToken = token;
  }
  return { deps, store, user: null, owner: { storeId: store.id, userId: null, tokenHash: token ? hashCartToken(token) : null }, cookieToken, newToken, secureCookies };
}

export function shopperRoute<P extends { store: string } = { store: string }>(
  handler: (call: ShopperCall<P>) => Promise<Response>,
  options: ShopperRouteOptions = {},
): (req: Request, ctx: { params: Promise<P> }) => Promise<Response> {
  return route(async (req: Request, ctx: { params: Promise<P> }) => {
    const params = await ctx.params;
    const identity = await identifyShopper(req, params.store);
    if (options.rateLimit) await enforceRateLimits(await rulesFor(options.rateLimit, req, cartSubjectOf(identity)), { batched: true });
    const shopper = await resolveShopper(req, identity, { write: options.write });
    return handler({ shopper, req, params });
  });
}

/**
 * A shopper's JSON answer, never cached; a guest token minted for this request is remembered in
 * the cart cookie when `remember` (default: the write made something).
 */
export function shopperJson(shopper: Shopper, body: unknown, init: { status?: number; remember?: boolean } = {}): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (shopper.newToken && (init.remember ?? true))
    headers["Set-Cookie"] = cartCookieHeader(shopper.store.slug, shopper.newToken, shopper.deps.now, { secure: shopper.secureCookies });
  return Response.json(body, { status: init.status ?? 200, headers });
}

/** The `{ cart }` answer of every cart route; a new guest cart is remembered in its cookie. */
export function cartResponse(shopper: Shopper, cart: CartView): Response {
  return shopperJson(shopper, { cart }, { remember: Boolean(cart.id) });
}
