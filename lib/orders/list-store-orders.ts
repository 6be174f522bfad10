// The store's orders for its admins, newest first, optionally by status and by number or email
// (`q`), in keyset pages.
import type { Db } from "@/lib/db";
import { cursorDate, decodeCursor, encodeCursor, keysetPage } from "@/lib/admin/cursor";
import { orderViewSelect, toOrderView } from "@/lib/orders/order-view";
import type { ListOrdersQuery, OrderView } from "@/lib/orders/schemas";

export async function listStoreOrders(
  deps: { db: Db },
  input: { storeId: string } & ListOrdersQuery,
): Promise<{ items: OrderView[]; nextCursor: string | null }> {
  let after: { createdAt: Date; id: string } | null = null;
  if (input.cursor) {
    const [createdAt, id] = decodeCursor(input.cursor, 2) as [string, string];
    after = { createdAt: cursorDate(createdAt), id };
  }
  const q = input.q;
  const number = q && /^#?\d{1,9}$/.test(q) ? Number(q.replace("#", "")) : null;
  const rows = await deps.db.order.findMany({
    where: {
      storeId: input.storeId,
      ...(input.status ? { status: input.status } : {}),
      ...(q ? (number !== null ? { number } : { email: { equals: q, mode: "insensitive" as const } }) : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: orderViewSelect,
  });
  const { page, nextCursor } = keysetPage(rows, input.limit, (last) => encodeCursor([last.createdAt.toISOString(), last.id]));
  return { items: page.map(toOrderView), nextCursor };
}
