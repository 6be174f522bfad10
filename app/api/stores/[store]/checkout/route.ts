// POST /api/stores/{store}/checkout: the cart becomes an order awaiting payment. 201 for a new order;
// 200 with the same order when an Idempotency-Key is replayed.
import { after } from "next/server";
import { getEnv } from "@/lib/env";
import { parseWith, route } from "@/lib/http/route";
import { resolveShopper } from "@/lib/http/shopper";
import { checkoutCart } from "@/lib/orders/checkout-cart";
import { idempotencyKeySchema } from "@/lib/orders/schemas";
import { publicOriginOf } from "@/lib/http/origin";
import { createPaymentProviders } from "@/lib/payments/create-payment-providers";
import { deliverLowStockAlerts } from "@/lib/jobs/deliver-low-stock-alerts";

type Ctx = { params: Promise<{ store: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const header = req.headers.get("idempotency-key");
  const idempotencyKey = header === null ? null : parseWith(idempotencyKeySchema, header);
  const shopper = await resolveShopper(req, ctx);
  const appUrl = publicOriginOf(req.headers);
  const payments = createPaymentProviders(shopper.deps.db, { appUrl });
  const result = await checkoutCart(
    { ...shopper.deps, payments },
    { ...shopper.owner, idempotencyKey, returnUrlFor: (id) => `${appUrl}/${shopper.store.slug}/orders/${id}` },
  );
  // Holds taken on the way here may have crossed a low-stock threshold: tell the channel soon.
  const alertUrl = getEnv().ALERT_WEBHOOK_URL;
  if (alertUrl) after(() => deliverLowStockAlerts({ db: shopper.deps.db, now: new Date() }, { webhookUrl: alertUrl }).catch(() => {}));
  return Response.json(
    { order: result.order, payment: result.payment },
    { status: result.created ? 201 : 200, headers: { "Cache-Control": "no-store" } },
  );
}, { rateLimit: "cart-write" });
