// The shape every whole-cart operation (clear, extend, fix) shares: traced as one span, the
// shopper's active cart found, the operation applied to it when there is one (a shopper with no
// cart is answered with the empty view), and the cart view after it returned.
import type { Deps } from "@/lib/deps";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { getCartView, type CartOwner } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import { traceOperation } from "@/lib/observability/trace-operation";

export async function onShoppersCart(
  span: string,
  deps: Deps,
  owner: CartOwner,
  apply: (cartId: string) => Promise<void>,
): Promise<CartView> {
  return traceOperation(span, { "shop.store_id": owner.storeId }, async (s) => {
    const cartId = await findActiveCartId(deps, owner);
    if (cartId) await apply(cartId);
    const view = await getCartView(deps, owner);
    s.setAttribute("shop.sku_count", view.lines.length);
    return view;
  });
}
