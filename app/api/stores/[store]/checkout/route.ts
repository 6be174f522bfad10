// POST /api/stores/{store}/checkout: the cart becomes an order awaiting payment. 201 for a new order;
// 200 with the same order when an Idempotency-Key is replayed.
import { after } from "next/server";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseWith, readTextCapped, zodToAppError } from "@/lib/http/route";
import { sendMail } from "@/lib/mail/send-mail";
import { orderLinkKey, orderLinkPath } from "@/lib/orders/order-link";
import { shopperRoute } from "@/lib/http/shopper-route";
import { checkoutCart } from "@/lib/orders/checkout-cart";
import { checkoutBodySchema, idempotencyKeySchema } from "@/lib/orders/schemas";
import { requestDeps } from "@/lib/http/deps";
import { publicOriginOf } from "@/lib/http/origin";
import { createPaymentProviders } from "@/lib/payments/create-payment-providers";
import { deliverLowStockAlerts } from "@/lib/jobs/deliver-low-stock-alerts";

export const POST = shopperRoute(async ({ shopper, req }) => {
  const header = req.headers.get("idempotency-key");
  const idempotencyKey = header === null ? null : parseWith(idempotencyKeySchema, header);
  const { email } = await readCheckoutBody(req);
  const appUrl = publicOriginOf(req.headers);
  const payments = createPaymentProviders(shopper.deps.db, { appUrl });
  const result = await checkoutCart(
    { ...shopper.deps, payments },
    { ...shopper.owner, idempotencyKey, email: email ?? null, returnUrlFor: (id) => `${appUrl}/${shopper.store.slug}/orders/${id}` },
  );
  // The receipt: a signed link back to the order, by email (or to the log without SMTP_URL).
  const env = getEnv();
  const to = result.order.email;
  if (result.created && to && env.AUTH_SECRET) {
    const link = `${appUrl}${orderLinkPath(shopper.store.slug, result.order.id, orderLinkKey(env.AUTH_SECRET, result.order.id))}`;
    after(() =>
      sendMail(
        { smtpUrl: env.SMTP_URL ?? null, from: env.MAIL_FROM },
        {
          to,
          subject: `Your order #${result.order.number} at ${shopper.store.name}`,
          text: `Thank you for your order #${result.order.number}.\n\nFollow it, and come back to it from any device, at:\n${link}\n\nKeep this link to yourself: anyone who has it can see this order.\n`,
        },
      ).then(() => {}),
    );
  }
  // Holds taken on the way here may have crossed a low-stock threshold: tell the channel soon.
  const alertUrl = getEnv().ALERT_WEBHOOK_URL;
  if (alertUrl) after(() => deliverLowStockAlerts(requestDeps(), { webhookUrl: alertUrl }).catch(() => {}));
  return Response.json(
    { order: result.order, payment: result.payment },
    { status: result.created ? 201 : 200, headers: { "Cache-Control": "no-store" } },
  );
}, { rateLimit: "cart-write" });

/** The optional body `{ email? }`: empty means none (older clients send no body). */
async function readCheckoutBody(req: Request) {
  const text = await readTextCapped(req, 16_384).catch((e: unknown) => {
    throw e instanceof AppError ? e : new AppError("INVALID_INPUT", "The body could not be read.");
  });
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The body is not valid JSON.");
  }
  const parsed = checkoutBodySchema.safeParse(body);
  if (!parsed.success) throw zodToAppError(parsed.error as unknown as Parameters<typeof zodToAppError>[0]);
  return parsed.data;
}
