// One order as its store's admins see it: the order, the holds behind it with their deadlines,
// the payment (provider, reference, status and what was heard about it, oldest first), and the
// ledger rows it caused. Scoped by store: another store's order is NOT_FOUND.
import type { z } from "zod";
import type { adminOrderDetailSchema } from "@/lib/admin/response-schemas";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { orderViewSelect, toOrderView } from "@/lib/orders/order-view";

/** The answer's shape is lib/admin/response-schemas.ts's, shared with the OpenAPI document. */
export type AdminOrderDetail = z.infer<typeof adminOrderDetailSchema>;

export async function getAdminOrder(deps: { db: Db }, input: { storeId: string; orderId: string }): Promise<AdminOrderDetail> {
  const row = await deps.db.order.findFirst({ where: { id: input.orderId, storeId: input.storeId }, select: orderViewSelect });
  if (!row) throw new AppError("NOT_FOUND", "Order not found.");
  const [holds, payment, movements] = await Promise.all([
    deps.db.hold.findMany({
      where: { orderId: input.orderId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, quantity: true, status: true, expiresAt: true, createdAt: true, inventoryItem: { select: { sku: true } } },
    }),
    deps.db.payment.findFirst({
      where: { orderId: input.orderId },
      orderBy: { createdAt: "desc" },
      select: {
        provider: true,
        providerRef: true,
        status: true,
        attempts: true,
        nextCheckAt: true,
        history: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 200, select: { createdAt: true, source: true, status: true, result: true } },
      },
    }),
    deps.db.stockMovement.findMany({ where: { orderId: input.orderId }, orderBy: { id: "asc" }, take: 500 }),
  ]);
  const skus = new Map(
    (await deps.db.inventoryItem.findMany({ where: { id: { in: [...new Set(movements.map((m) => m.inventoryItemId))] } }, select: { id: true, sku: true } })).map(
      (i) => [i.id, i.sku],
    ),
  );
  return {
    order: toOrderView(row),
    holds: holds.map((h) => ({
      id: h.id,
      sku: h.inventoryItem.sku,
      quantity: h.quantity,
      status: h.status,
      expiresAt: h.expiresAt.toISOString(),
      createdAt: h.createdAt.toISOString(),
    })),
    payment: payment
      ? {
          provider: payment.provider,
          reference: payment.providerRef,
          status: payment.status,
          attempts: payment.attempts,
          nextCheckAt: payment.status === "PENDING" ? payment.nextCheckAt.toISOString() : null,
          history: payment.history.map((h) => ({ at: h.createdAt.toISOString(), source: h.source, status: h.status, result: h.result })),
        }
      : null,
    movements: movements.map((m) => ({
      id: m.id.toString(),
      sku: skus.get(m.inventoryItemId) ?? "",
      kind: m.kind,
      stockDelta: m.stockDelta,
      reservedDelta: m.reservedDelta,
      stockAfter: m.stockAfter,
      reservedAfter: m.reservedAfter,
      actor: m.actorLabel,
      reason: m.reason,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}
