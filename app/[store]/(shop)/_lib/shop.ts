// What every storefront page of a request needs, loaded once per request (React cache): the store,
// the shopper, and their cart (by account when signed in, else by the store's guest-cart cookie).
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getSessionUser } from "@/lib/auth/session";
import { cartCookieName, hashCartToken, isCartToken } from "@/lib/cart/cart-token";
import { getCartView } from "@/lib/cart/get-cart-view";
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

export const getShopCart = cache(async (slug: string) => {
  const [store, user, jar] = await Promise.all([getShop(slug), getShopper(), cookies()]);
  const token = jar.get(cartCookieName(store.slug))?.value;
  return getCartView(shopDeps(), { storeId: store.id, userId: user?.id ?? null, tokenHash: isCartToken(token) ? hashCartToken(token) : null });
});
