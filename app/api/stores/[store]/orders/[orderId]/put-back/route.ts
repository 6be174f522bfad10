// POST /api/stores/{store}/orders/{orderId}/put-back: a cancelled order's lines back into the
// shopper's cart, held as far as possible now → 200 { cart, notes } (notes: what could not be had).
import { parseWith } from "@/lib/http/route";
import { shopperJson, shopperRoute } from "@/lib/http/shopper-route";
import { getOrderForViewer } from "@/lib/orders/get-order";
import { putOrderBackInCart } from "@/lib/orders/put-back-in-cart";
import { orderIdSchema } from "@/lib/orders/schemas";
import { orderViewerOf } from "../../_lib/order-viewer";

export const POST = shopperRoute<{ store: string; orderId: string }>(
  async ({ shopper, req, params }) => {
    const orderId = parseWith(orderIdSchema, params.orderId);
    // Only whoever may see the order (404 otherwise, as for the order itself).
    await getOrderForViewer(shopper.deps, { storeId: shopper.store.id, orderId, viewer: orderViewerOf(req, shopper) });
    const result = await putOrderBackInCart(shopper.deps, { orderId, owner: shopper.owner });
    return shopperJson(shopper, result, { remember: Boolean(result.cart.id) });
  },
  { rateLimit: "cart-write" },
);
