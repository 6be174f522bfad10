// POST /api/stores/{store}/orders/{orderId}/payment: where to pay an order still awaiting payment
// (opens the provider-side payment if checkout could not): 200 { payment: { provider, redirectUrl } }.
import { getDb } from "@/lib/db";
import { parseWith, route } from "@/lib/http/route";
import { orderIdSchema } from "@/lib/orders/schemas";
import { payOrder } from "@/lib/orders/pay-order";
import { publicOriginOf } from "@/lib/http/origin";
import { createPaymentProviders } from "@/lib/payments/create-payment-providers";
import { getStoreBySlugOrThrow } from "@/lib/stores/get-store";
import { orderViewerOf } from "../../_lib/order-viewer";

type Ctx = { params: Promise<{ store: string; orderId: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const { store: slug, orderId } = await ctx.params;
  const db = getDb();
  const store = await getStoreBySlugOrThrow({ db }, slug);
  const id = parseWith(orderIdSchema, orderId);
  const appUrl = publicOriginOf(req.headers);
  const payment = await payOrder(
    { db, now: new Date(), payments: createPaymentProviders(db, { appUrl }) },
    { storeId: store.id, orderId: id, viewer: await orderViewerOf(req, store), returnUrl: `${appUrl}/${store.slug}/orders/${id}` },
  );
  return Response.json({ payment }, { headers: { "Cache-Control": "no-store" } });
});
