// Opens the provider-side payment for a PENDING_PAYMENT order (or returns the one it has): the
// provider call is idempotent per order and the Payment row is unique per (provider, ref), so a
// retried or racing checkout never makes two payments.
import { AppError } from "@/lib/errors";
import { nextCheckAt } from "@/lib/payments/backoff";
import type { PaymentDeps } from "@/lib/payments/settle-payment";

export type OrderPayment = { provider: string; redirectUrl: string | null };

export async function startOrderPayment(deps: PaymentDeps, input: { orderId: string; returnUrl: string }): Promise<OrderPayment> {
  const order = await deps.db.order.findUnique({
    where: { id: input.orderId },
    select: {
      id: true,
      number: true,
      status: true,
      totalCents: true,
      currency: true,
      paymentDeadline: true,
      store: { select: { name: true } },
      payments: { select: { provider: true, status: true, redirectUrl: true }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  if (!order) throw new AppError("NOT_FOUND", "Order not found.");
  const existing = order.payments[0];
  if (existing) {
    const open = existing.status === "PENDING" && order.status === "PENDING_PAYMENT";
    return { provider: existing.provider, redirectUrl: open ? existing.redirectUrl : null };
  }
  if (order.status !== "PENDING_PAYMENT") {
    throw new AppError("ORDER_NOT_PAYABLE", "This order is no longer awaiting payment.", { status: order.status });
  }
  const provider = deps.payments.active;
  const created = await provider.createPayment({
    orderId: order.id,
    orderNumber: order.number,
    storeName: order.store.name,
    amountCents: order.totalCents,
    currency: order.currency,
    expiresAt: order.paymentDeadline,
    returnUrl: input.returnUrl,
    now: deps.now,
  });
  const now = deps.now.toISOString();
  await deps.db.$executeRaw`
    INSERT INTO "Payment" (id, "orderId", provider, "providerRef", status, "amountCents", currency, "redirectUrl",
      attempts, "nextCheckAt", "createdAt", "updatedAt")
    VALUES (gen_random_uuid()::text, ${order.id}, ${provider.name}, ${created.ref}, 'PENDING', ${order.totalCents}, ${order.currency},
      ${created.redirectUrl}, 0, ${nextCheckAt(deps.now, 0).toISOString()}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3))
    ON CONFLICT (provider, "providerRef") DO NOTHING`;
  return { provider: provider.name, redirectUrl: created.redirectUrl };
}
