// Empties the shopper's cart: every hold released (cart_clear, one round trip), every line gone.
import type { Db } from "@/lib/db";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { getCartView, type CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import { traceOperation } from "@/lib/observability/trace-operation";

export async function clearCart(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  return traceOperation("inventory.release_cart", { "shop.store_id": owner.storeId }, async (span) => {
    const view = await releaseCartHolds(deps, owner);
    span.setAttribute("shop.sku_count", view.lines.length);
    return view;
  });
}

async function releaseCartHolds(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  const cartId = await findActiveCartId(deps, owner);
  if (cartId) {
    await deps.db.$queryRaw`SELECT cart_clear(${cartId}, ${deps.now.toISOString()}::timestamp(3))`;
  }
  return getCartView(deps, owner);
}
