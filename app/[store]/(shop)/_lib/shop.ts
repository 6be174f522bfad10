// What every storefront page of a request needs, loaded once per request (React cache): the store,
// the shopper, and their cart (by account when signed in, else by the store's guest-cart cookie).
import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getSessionUser } from "@/lib/auth/session";
import { hashCartToken } from "@/lib/cart/cart-token";
import { getCartView } from "@/lib/cart/get-cart-view";
import { readCartTokenOfPage } from "@/lib/http/cart-cookie";
import { findStoreBySlug } from "@/lib/stores/get-store";

/** The clock of this request, shared by every loader so server-rendered countdowns agree. */
export const getRequestNow = cache(() => new Date());

export function shopDeps() {
  return { db: getDb(), now: getRequestNow() };
}

export const getShop = cache(async (slug: string) => {
  const store = await findStoreBySlug(shopDeps(), slug);
  if (!store) notFound();
  return store;
});

export const getShopper = cache(async () => getSessionUser());

/** The guest-cart token's hash for this store, or null. */
export const getCartTokenHash = cache(async (slug: string) => {
  const token = await readCartTokenOfPage(slug);
  return token ? hashCartToken(token) : null;
});

/** The shopper's cart: the account's when signed in (as the cart routes do), else the guest cookie's. */
export const getShopCart = cache(async (slug: string) => {
  const [store, user] = await Promise.all([getShop(slug), getShopper()]);
  const tokenHash = user ? null : await getCartTokenHash(store.slug);
  return getCartView(shopDeps(), { storeId: store.id, userId: user?.id ?? null, tokenHash });
});
