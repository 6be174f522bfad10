// A signed-in shopper's orders in one store, newest first, in keyset pages (the account page).
import type { Db } from "@/lib/db";
import { decodeCursor, encodeCursor } from "@/lib/admin/cursor";
import { orderViewSelect, toOrderView } from "@/lib/orders/order-view";
import type { OrderView } from "@/lib/orders/schemas";

export const SHOPPER_ORDERS_PAGE = 10;

export async function listShopperOrders(
  deps: { db: Db },
  input: { storeId: string; userId: string; cursor?: string | null; limit?: number },
): Promise<{ items: OrderView[]; nextCursor: string | null }> {
  const limit = input.limit ?? SHOPPER_ORDERS_PAGE;
  let after: { createdAt: Date; id: string } | null = null;
  if (input.cursor) {
    try {
      const [createdAt, id] = decodeCursor(input.cursor, 2) as [string, string];
      after = { createdAt: new Date(createdAt), id };
      if (Number.isNaN(after.createdAt.getTime())) after = null;
    } catch {
      after = null; // a tampered cursor starts from the newest
    }
  }
  const rows = await deps.db.order.findMany({
    where: {
      storeId: input.storeId,
      userId: input.userId,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: orderViewSelect,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toOrderView),
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}
