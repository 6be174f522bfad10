// The stock ledger of the store's own items, newest first, with who did what and why.
// Ids are BigInt in the database and strings on the wire.
import type { Deps } from "@/lib/deps";
import { keysetPage } from "@/lib/admin/cursor";

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
  let itemId: string | undefined;
  if (input.sku) {
    const item = await db.inventoryItem.findUnique({ where: { storeId_sku: { storeId: input.storeId, sku: input.sku } }, select: { id: true } });
    if (!item) return { items: [], nextCursor: null };
    itemId = item.id;
  }
  const rows = await db.stockMovement.findMany({
    where: {
      storeId: input.storeId,
      ...(itemId ? { inventoryItemId: itemId } : {}),
      ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      inventoryItemId: true,
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
    },
  });
  const items = await db.inventoryItem.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.inventoryItemId))] } }, select: { id: true, sku: true } });
  const skuOf = new Map(items.map((i) => [i.id, i.sku]));
  const { page, nextCursor } = keysetPage(rows, input.limit, (last) => last.id.toString());
  return {
    items: page.map((m) => ({
      id: m.id.toString(),
      sku: skuOf.get(m.inventoryItemId) ?? "",
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
    nextCursor,
  };
}
