// The one place the cart cookie is read and written: `cart_<store>`, httpOnly, SameSite=Lax,
// Secure exactly when the app's origin is https (lib/http/origin.ts: a LAN address over plain http
// keeps its cart), path /, 30 days. It carries the raw token; the database only its hash.
// Read from the request's Cookie header and written as the response's Set-Cookie header directly:
// next/headers' cookies() cost about 0.1 ms of CPU per cart write for the same result (bench/).
import "server-only";
import { cookies } from "next/headers";
import { cartCookieName, isCartToken } from "@/lib/cart/cart-token";

export const CART_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** The value of cookie `name` in a Cookie request header, or null. */
export function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The store's cart token from this request's cookies, or null if absent or malformed. */
export function readCartToken(req: Request, storeSlug: string): string | null {
  const value = cookieValue(req.headers.get("cookie"), cartCookieName(storeSlug));
  return isCartToken(value) ? value : null;
}

/** The same, for pages and server actions (no Request at hand). */
export async function readCartTokenOfPage(storeSlug: string): Promise<string | null> {
  const value = (await cookies()).get(cartCookieName(storeSlug))?.value;
  return isCartToken(value) ? value : null;
}

/** The Set-Cookie header value that stores `token` as the store's cart cookie. */
export function cartCookieHeader(storeSlug: string, token: string, now: Date, options: { secure: boolean }): string {
  const expires = new Date(now.getTime() + CART_COOKIE_MAX_AGE_SECONDS * 1000).toUTCString();
  const secure = options.secure ? "; Secure" : "";
  return `${cartCookieName(storeSlug)}=${token}; Path=/; Max-Age=${CART_COOKIE_MAX_AGE_SECONDS}; Expires=${expires}; HttpOnly; SameSite=Lax${secure}`;
}
