// A signed link to an order page: whoever holds it (the guest who placed the order, on another
// device, from the receipt email) may see that one order. The key is an HMAC of the order id under
// the app's secret, so it cannot be guessed or moved to another order, and needs no table.
import { createHmac, timingSafeEqual } from "node:crypto";

export const ORDER_LINK_KEY = /^[A-Za-z0-9_-]{32}$/;

export function orderLinkKey(secret: string, orderId: string): string {
  return createHmac("sha256", secret).update(`order-link:${orderId}`).digest("base64url").slice(0, 32);
}

export function isValidOrderLinkKey(secret: string | null | undefined, orderId: string, key: string | null | undefined): boolean {
  if (!secret || !key || !ORDER_LINK_KEY.test(key)) return false;
  const want = Buffer.from(orderLinkKey(secret, orderId));
  const got = Buffer.from(key);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The order page's path with its key. */
export function orderLinkPath(store: string, orderId: string, key: string): string {
  return `/${encodeURIComponent(store)}/orders/${encodeURIComponent(orderId)}?key=${key}`;
}
