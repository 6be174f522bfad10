// Empties the shopper's cart: every hold released (cart_clear, one round trip), every line gone.
import type { Db } from "@/lib/db";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { getCartView, type CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";

export async function clearCart(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  const cartId = await findActiveCartId(deps, owner);
  if (cartId) {
    await deps.db.$queryRaw`SELECT cart_clear(${cartId}, ${deps.now.toISOString()}::timestamp(3))`;
  }
  return getCartView(deps, owner);
}
