// GET /api/stores/{store}/orders/{orderId}: the order, for the cart/user that placed it or the store's admins (else 404).
import { parseWith } from "@/lib/http/route";
import { shopperRoute } from "@/lib/http/shopper-route";
import { getOrderForViewer } from "@/lib/orders/get-order";
import { orderIdSchema } from "@/lib/orders/schemas";
import { orderViewerOf } from "../_lib/order-viewer";

export const GET = shopperRoute<{ store: string; orderId: string }>(async ({ shopper, req, params }) => {
  const orderId = parseWith(orderIdSchema, params.orderId);
  const order = await getOrderForViewer(shopper.deps, { storeId: shopper.store.id, orderId, viewer: orderViewerOf(req, shopper) });
  return Response.json({ order }, { headers: { "Cache-Control": "no-store" } });
});
