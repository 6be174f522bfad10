// Empties the shopper's cart: every hold released (cart_clear, one round trip), every line gone.
import type { CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import type { Deps } from "@/lib/deps";
import { onShoppersCart } from "@/lib/cart/cart-operation";

export function clearCart(deps: Deps, owner: CartOwner): Promise<CartView> {
  return onShoppersCart("inventory.release_cart", deps, owner, async (cartId) => {
    await deps.db.$queryRaw`SELECT cart_clear(${cartId}, ${deps.now.toISOString()}::timestamp(3))`;
  });
}
