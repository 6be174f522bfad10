// The one place the cart cookie is read and written: `cart_<store>`, httpOnly, SameSite=Lax,
// Secure in production, path /, 30 days. It carries the raw token; the database only its hash.
import "server-only";
import { cookies } from "next/headers";
import { getEnv } from "@/lib/env";
import { cartCookieName, isCartToken } from "@/lib/cart/cart-token";

export const CART_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** The store's cart token from this request's cookies, or null if absent or malformed. */
export async function readCartToken(storeSlug: string): Promise<string | null> {
  const value = (await cookies()).get(cartCookieName(storeSlug))?.value;
  return isCartToken(value) ? value : null;
}

/** Sets the store's cart cookie on this route handler's response. */
export async function writeCartToken(storeSlug: string, token: string): Promise<void> {
  (await cookies()).set(cartCookieName(storeSlug), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().NODE_ENV === "production",
    path: "/",
    maxAge: CART_COOKIE_MAX_AGE_SECONDS,
  });
}
