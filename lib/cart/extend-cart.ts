// "Keep my items": renews the cart's live holds for another TTL, at most maxHoldExtensions times.
// A cart with nothing live to extend is answered as is and uses up no extension.
import { AppError } from "@/lib/errors";
import type { CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import type { Deps } from "@/lib/deps";
import { onShoppersCart } from "@/lib/cart/cart-operation";

export function extendCart(deps: Deps, owner: CartOwner): Promise<CartView> {
  return onShoppersCart("inventory.extend_cart", deps, owner, async (cartId) => {
    const rows = await deps.db.$queryRaw<{ code: string }[]>`
      SELECT code FROM cart_extend(${cartId}, ${deps.now.toISOString()}::timestamp(3))`;
    if (rows[0]?.code === "EXTEND_LIMIT") {
      throw new AppError("EXTEND_LIMIT", "Your reservation cannot be extended again.", { extensionsLeft: 0 });
    }
  });
}
