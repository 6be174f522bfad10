// The buyer asks where to pay an order awaiting payment: its open provider-side payment, opened now
// if checkout could not reach the provider. Only for the buyer or the store's admins (else 404).
import { getOrderForViewer, type OrderViewer } from "@/lib/orders/get-order";
import { startOrderPayment, type OrderPayment } from "@/lib/payments/start-order-payment";
import type { PaymentDeps } from "@/lib/payments/settle-payment";
import { AppError } from "@/lib/errors";

export async function payOrder(
  deps: PaymentDeps,
  input: { storeId: string; orderId: string; viewer: OrderViewer; returnUrl: string },
): Promise<OrderPayment> {
  const order = await getOrderForViewer(deps, input);
  if (order.status !== "PENDING_PAYMENT" || order.paymentDeadline <= deps.now.toISOString()) {
    throw new AppError("ORDER_NOT_PAYABLE", "This order is no longer awaiting payment.", { status: order.status });
  }
  return startOrderPayment(deps, { orderId: order.id, returnUrl: input.returnUrl });
}
