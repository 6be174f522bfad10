// An admin cancels an order awaiting payment: the provider-side payment is cancelled first (if it
// turns out paid, the order becomes PAID instead), then the units are released. Exactly once.
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/inventory/actor";
import { closeUnpaidOrder } from "@/lib/orders/close-unpaid-order";
import { getOrderOrThrow } from "@/lib/orders/get-order";
import type { OrderView } from "@/lib/orders/schemas";
import type { PaymentDeps } from "@/lib/payments/settle-payment";
import { traceOperation } from "@/lib/observability/trace-operation";

export async function cancelOrder(deps: PaymentDeps, input: { storeId: string; orderId: string; actor: Actor }): Promise<OrderView> {
  return traceOperation("order.cancel", { "shop.store_id": input.storeId, "shop.order_id": input.orderId }, () => cancelPendingOrder(deps, input));
}

async function cancelPendingOrder(deps: PaymentDeps, input: { storeId: string; orderId: string; actor: Actor }): Promise<OrderView> {
  const before = await getOrderOrThrow(deps, input);
  if (before.status !== "PENDING_PAYMENT") {
    throw new AppError("ORDER_NOT_PAYABLE", "Only an order awaiting payment can be cancelled.", { status: before.status });
  }
  const outcome = await closeUnpaidOrder(deps, { orderId: input.orderId, reason: "BY_ADMIN", source: "admin", actor: input.actor });
  if (outcome === "ERROR") {
    throw new AppError("UNAVAILABLE", "The payment provider could not be reached; nothing was changed.", undefined, { retryAfter: 30 });
  }
  if (outcome === "PENDING") {
    throw new AppError("CONFLICT", "The payment provider is still processing this payment; try again later.");
  }
  return getOrderOrThrow(deps, input);
}
