// POST /api/stores/{store}/orders/{orderId}/payment: where to pay an order still awaiting payment
// (opens the provider-side payment if checkout could not): 200 { payment: { provider, redirectUrl } }.
import { parseWith } from "@/lib/http/route";
import { publicOriginOf } from "@/lib/http/origin";
import { shopperRoute } from "@/lib/http/shopper-route";
import { orderIdSchema } from "@/lib/orders/schemas";
import { payOrder } from "@/lib/orders/pay-order";
import { createPaymentProviders } from "@/lib/payments/create-payment-providers";
import { orderViewerOf } from "../../_lib/order-viewer";

export const POST = shopperRoute<{ store: string; orderId: string }>(async ({ shopper, req, params }) => {
  const { deps, store } = shopper;
  const id = parseWith(orderIdSchema, params.orderId);
  const appUrl = publicOriginOf(req.headers);
  const payment = await payOrder(
    { ...deps, payments: createPaymentProviders(deps.db, { appUrl }) },
    { storeId: store.id, orderId: id, viewer: orderViewerOf(req, shopper), returnUrl: `${appUrl}/${store.slug}/orders/${id}` },
  );
  return Response.json({ payment }, { headers: { "Cache-Control": "no-store" } });
});
