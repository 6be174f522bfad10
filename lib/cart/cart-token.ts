// Guest carts are found by an unguessable cookie token; the database keeps only its sha256, so a
// leaked database row cannot be replayed as a cookie.
import { createHash, randomBytes } from "node:crypto";
import { STORE_SLUG_SOURCE } from "@/lib/constants";

/** One cart cookie per store: `cart_<slug>`. */
export function cartCookieName(storeSlug: string): string {
  return `cart_${storeSlug}`;
}

const CART_COOKIE_PATTERN = new RegExp(`^cart_(${STORE_SLUG_SOURCE})$`);

/** The store slug of a cart cookie name, or null if the name is not one. */
export function storeSlugOfCartCookie(name: string): string | null {
  const m = CART_COOKIE_PATTERN.exec(name);
  return m ? (m[1] ?? null) : null;
}

/** A new cart token: 32 random bytes, base64url (43 characters). */
export function newCartToken(): string {
  return randomBytes(32).toString("base64url");
}

/** True for a value shaped like a token from newCartToken(); anything else is ignored. */
export function isCartToken(value: string | undefined | null): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** What Cart.tokenHash stores: the token's sha256, hex. */
export function hashCartToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
