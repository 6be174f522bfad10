// At sign-in, every guest cart the browser holds (cookie `cart_<store>`) merges into the account's
// cart of that store, holds and all; the cookies of merged (or unusable) carts are then cleared.
import type { Deps } from "@/lib/deps";
import { findStoreBySlug } from "@/lib/stores/get-store";
import { hashCartToken, isCartToken, storeSlugOfCartCookie } from "@/lib/cart/cart-token";
import { mergeGuestCart } from "@/lib/cart/merge-guest-cart";

export type MergeGuestCartsResult = {
  /** Cookie names to delete: merged carts, and cookies that cannot name a cart. */
  clear: string[];
  merged: string[];
  /** Stores whose merge failed (the cookie stays, so a later sign-in can retry). */
  failed: { store: string; error: unknown }[];
};

export async function mergeGuestCarts(
  deps: Deps,
  input: { userId: string; cookies: readonly { name: string; value: string }[] },
): Promise<MergeGuestCartsResult> {
  const result: MergeGuestCartsResult = { clear: [], merged: [], failed: [] };
  for (const cookie of input.cookies) {
    const slug = storeSlugOfCartCookie(cookie.name);
    if (!slug) continue;
    if (!isCartToken(cookie.value)) {
      result.clear.push(cookie.name);
      continue;
    }
    try {
      const store = await findStoreBySlug(deps, slug);
      if (store) {
        await mergeGuestCart(deps, { storeId: store.id, tokenHash: hashCartToken(cookie.value), userId: input.userId });
        result.merged.push(slug);
      }
      result.clear.push(cookie.name);
    } catch (error) {
      result.failed.push({ store: slug, error });
    }
  }
  return result;
}
