// "Keep my items": renews the cart's live holds for another TTL, at most maxHoldExtensions times.
// A cart with nothing live to extend is answered as is and uses up no extension.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { getCartView, type CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import { traceOperation } from "@/lib/observability/trace-operation";

export async function extendCart(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  return traceOperation("inventory.extend_cart", { "shop.store_id": owner.storeId }, async (span) => {
    const view = await extendCartHolds(deps, owner);
    span.setAttribute("shop.sku_count", view.lines.length);
    return view;
  });
}

async function extendCartHolds(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  const cartId = await findActiveCartId(deps, owner);
  if (cartId) {
    const rows = await deps.db.$queryRaw<{ code: string }[]>`
      SELECT code FROM cart_extend(${cartId}, ${deps.now.toISOString()}::timestamp(3))`;
    if (rows[0]?.code === "EXTEND_LIMIT") {
      throw new AppError("EXTEND_LIMIT", "Your reservation cannot be extended again.", { extensionsLeft: 0 });
    }
  }
  return getCartView(deps, owner);
}
