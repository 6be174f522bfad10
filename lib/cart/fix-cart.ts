// The auto-fix: lapsed lines re-held where stock allows, quantities lowered to what can be held,
// what cannot be had removed (cart_fix, one round trip). The view it returns has no issues.
import type { CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import type { Deps } from "@/lib/deps";
import { onShoppersCart } from "@/lib/cart/cart-operation";

export function fixCart(deps: Deps, owner: CartOwner): Promise<CartView> {
  return onShoppersCart("inventory.fix_cart", deps, owner, async (cartId) => {
    await deps.db.$queryRaw`SELECT cart_fix(${cartId}, ${deps.now.toISOString()}::timestamp(3))`;
  });
}
