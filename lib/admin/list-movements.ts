// The stock ledger of the store's own items, newest first, with who did what and why.
// Ids are BigInt in the database and strings on the wire.
import type { Deps } from "@/lib/deps";

export type AdminMovement = {
  id: string;
  sku: string;
  kind: string;
  stockDelta: number;
  reservedDelta: number;
  stockAfter: number;
  reservedAfter: number;
  holdId: string | null;
  orderId: string | null;
  actor: { type: string; id: string | null; label: string | null };
  reason: string | null;
  createdAt: string;
};

export async function listMovements(
  { db }: Pick<Deps, "db">,
  input: { storeId: string; sku?: string; cursor?: string; limit: number },
): Promise<{ items: AdminMovement[]; nextCursor: string | null }> {
  // Keyset paging on the (storeId, id) / (inventoryItemId, id) indexes; a sku the store does not own yields nothing.
  const rows = await db.stockMovement.findMany({
    where: {
      storeId: input.storeId,
      ...(input.sku ? { inventoryItem: { storeId: input.storeId, sku: input.sku } } : {}),
      ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      kind: true,
      stockDelta: true,
      reservedDelta: true,
      stockAfter: true,
      reservedAfter: true,
      holdId: true,
      orderId: true,
      actorType: true,
      actorId: true,
      actorLabel: true,
      reason: true,
      createdAt: true,
      inventoryItem: { select: { sku: true } },
    },
  });
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((m) => ({
      id: m.id.toString(),
      sku: m.inventoryItem.sku,
      kind: m.kind,
      stockDelta: m.stockDelta,
      reservedDelta: m.reservedDelta,
      stockAfter: m.stockAfter,
      reservedAfter: m.reservedAfter,
      holdId: m.holdId,
      orderId: m.orderId,
      actor: { type: m.actorType, id: m.actorId, label: m.actorLabel },
      reason: m.reason,
      createdAt: m.createdAt.toISOString(),
    })),
    nextCursor: hasMore && last ? last.id.toString() : null,
  };
}
