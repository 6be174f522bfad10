// The auto-fix: lapsed lines re-held where stock allows, quantities lowered to what can be held,
// what cannot be had removed (cart_fix, one round trip). The view it returns has no issues.
import type { Db } from "@/lib/db";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { getCartView, type CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import { traceOperation } from "@/lib/observability/trace-operation";

export async function fixCart(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  return traceOperation("inventory.fix_cart", { "shop.store_id": owner.storeId }, async (span) => {
    const view = await fixCartHolds(deps, owner);
    span.setAttribute("shop.sku_count", view.lines.length);
    return view;
  });
}

async function fixCartHolds(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  const cartId = await findActiveCartId(deps, owner);
  if (cartId) {
    await deps.db.$queryRaw`SELECT cart_fix(${cartId}, ${deps.now.toISOString()}::timestamp(3))`;
  }
  return getCartView(deps, owner);
}
