// One order of a store, for the shopper who placed it (same user, or the cart cookie of the cart
// that placed it) or the store's admins; anyone else gets 404, never a hint that it exists.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { orderViewSelect, toOrderView } from "@/lib/orders/order-view";
import type { OrderView } from "@/lib/orders/schemas";

export type OrderViewer = {
  userId: string | null;
  tokenHash: string | null;
  /** Whether the request carries this order's signed link (lib/orders/order-link.ts). */
  hasOrderLink?: (orderId: string) => boolean;
  /** Asked only when the shopper is not the one who placed the order. */
  isAdmin: () => Promise<boolean>;
};

export async function getOrderOrThrow(deps: { db: Db }, input: { storeId: string; orderId: string }): Promise<OrderView> {
  const row = await deps.db.order.findFirst({ where: { id: input.orderId, storeId: input.storeId }, select: orderViewSelect });
  if (!row) throw new AppError("NOT_FOUND", "Order not found.");
  return toOrderView(row);
}

export async function getOrderForViewer(
  deps: { db: Db },
  input: { storeId: string; orderId: string; viewer: OrderViewer },
): Promise<OrderView> {
  const row = await deps.db.order.findFirst({
    where: { id: input.orderId, storeId: input.storeId },
    select: { ...orderViewSelect, userId: true, guestTokenHash: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "Order not found.");
  const { viewer } = input;
  const isBuyer =
    (viewer.userId !== null && row.userId === viewer.userId) ||
    (viewer.tokenHash !== null && row.guestTokenHash === viewer.tokenHash) ||
    (viewer.hasOrderLink?.(row.id) ?? false);
  if (!isBuyer && !(await viewer.isAdmin())) throw new AppError("NOT_FOUND", "Order not found.");
  return toOrderView(row);
}
