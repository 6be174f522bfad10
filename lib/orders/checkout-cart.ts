// Checkout: the cart's holds become the order's holds in one round trip (order_checkout), then the
// provider-side payment is opened. Honours Idempotency-Key: the same key returns the same order,
// also when two requests race (the cart lock and the unique (storeId, idempotencyKey) decide).
import { AppError } from "@/lib/errors";
import { getCartView, type CartOwner } from "@/lib/cart/get-cart-view";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { getOrderOrThrow } from "@/lib/orders/get-order";
import type { OrderView } from "@/lib/orders/schemas";
import { startOrderPayment, type OrderPayment } from "@/lib/payments/start-order-payment";
import type { PaymentDeps } from "@/lib/payments/settle-payment";
import { getLogger } from "@/lib/observability/logger";
import { traceOperation } from "@/lib/observability/trace-operation";

export type CheckoutInput = CartOwner & {
  idempotencyKey: string | null;
  /** The contact for the receipt (a guest's); a signed-in shopper's account email when absent. */
  email?: string | null;
  /** The order page the provider sends the shopper back to, for an order id. */
  returnUrlFor: (orderId: string) => string;
};

/** created: true for a new order (201); false when the Idempotency-Key's order is returned (200). */
export type CheckoutResult = { created: boolean; order: OrderView; payment: OrderPayment };

type Row = { code: "OK" | "EXISTING" | "KEY_REUSED" | "CART_EMPTY" | "CART_INVALID" | "NOT_FOUND"; order_id: string | null };

export async function checkoutCart(deps: PaymentDeps, input: CheckoutInput): Promise<CheckoutResult> {
  return traceOperation("checkout", { "shop.store_id": input.storeId, "shop.idempotent": input.idempotencyKey !== null }, async (span) => {
    const result = await placeOrder(deps, input);
    span.setAttributes({ "shop.sku_count": result.order.lines.length, "shop.order_id": result.order.id, "shop.created": result.created });
    return result;
  });
}

async function placeOrder(deps: PaymentDeps, input: CheckoutInput): Promise<CheckoutResult> {
  const owner: CartOwner = { storeId: input.storeId, userId: input.userId, tokenHash: input.tokenHash };
  const cartId = await findActiveCartId(deps, owner);
  const rows = await deps.db.$queryRaw<Row[]>`
    SELECT code, order_id FROM order_checkout(${input.storeId}, ${cartId}::text, ${input.userId}::text, ${input.tokenHash}::text,
      ${input.idempotencyKey}::text, ${deps.now.toISOString()}::timestamp(3))`;
  const r = rows[0];
  if (!r) throw new Error("order_checkout returned no row");
  switch (r.code) {
    case "OK":
    case "EXISTING": {
      const orderId = r.order_id!;
      if (r.code === "OK") await recordContact(deps, { orderId, userId: input.userId, email: input.email ?? null });
      const payment = await startOrderPayment(deps, { orderId, returnUrl: input.returnUrlFor(orderId) }).catch((e: unknown) => {
        if (e instanceof AppError) throw e;
        // The order stands (its units held until the deadline); retrying with the same key opens the payment.
        getLogger().error({ orderId, err: e }, "checkout: payment provider failed");
        throw new AppError("UNAVAILABLE", "The payment provider is unavailable. Retry with the same Idempotency-Key.", { orderId }, { retryAfter: 5 });
      });
      const order = await getOrderOrThrow(deps, { storeId: input.storeId, orderId });
      return { created: r.code === "OK", order, payment };
    }
    case "CART_EMPTY":
      throw new AppError("CART_EMPTY", "Your cart is empty.");
    case "CART_INVALID": {
      const cart = await getCartView(deps, owner);
      throw new AppError("CART_INVALID", "Your cart changed; review it before checking out.", { issues: cart.issues });
    }
    case "KEY_REUSED":
      throw new AppError("CONFLICT", "This Idempotency-Key was already used for a different order.");
    case "NOT_FOUND":
      throw new AppError("NOT_FOUND", "Store not found.");
    default:
      throw new Error(`order_checkout answered ${String(r.code)}`);
  }
}

/** Writes the order's contact once: the email given, else the signed-in shopper's. */
async function recordContact(deps: PaymentDeps, input: { orderId: string; userId: string | null; email: string | null }) {
  let email = input.email;
  if (!email && input.userId) email = (await deps.db.user.findUnique({ where: { id: input.userId }, select: { email: true } }))?.email ?? null;
  if (email) await deps.db.order.updateMany({ where: { id: input.orderId, email: null }, data: { email } });
}
