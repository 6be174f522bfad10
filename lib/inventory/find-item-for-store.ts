// Resolves SKUs within a store's reach: items it owns, and supplier items it lists through its
// variants (a reseller listing). An owned item wins over a listed one with the same SKU.
import type { SqlDeps } from "@/lib/inventory/sql-client";

export type ItemInReach = { id: string; storeId: string; sku: string; owned: boolean; stock: number; reserved: number };

/** One SKU; null when no item with that SKU is within the store's reach. */
export async function findItemForStore(
  deps: Pick<SqlDeps, "db">,
  input: { storeId: string; sku: string },
): Promise<{ id: string; storeId: string; sku: string; owned: boolean } | null> {
  const found = await findItemsForStore(deps, { storeId: input.storeId, skus: [input.sku] });
  const item = found.get(input.sku);
  return item ? { id: item.id, storeId: item.storeId, sku: item.sku, owned: item.owned } : null;
}

/**
 * Many SKUs in one query (bulk imports), with the counters as read now (a hint only: the engine
 * re-checks under its row locks). Two suppliers' items with the same listed SKU: the lowest id wins.
 */
export async function findItemsForStore(
  deps: Pick<SqlDeps, "db">,
  input: { storeId: string; skus: readonly string[] },
): Promise<Map<string, ItemInReach>> {
  const skus = [...new Set(input.skus)];
  if (skus.length === 0) return new Map();
  const rows = await deps.db.$queryRaw<ItemInReach[]>`
    SELECT DISTINCT ON (c.sku) c.id, c."storeId", c.sku, c.owned, c.stock, c.reserved
    FROM (
      SELECT i.id, i."storeId", i.sku, true AS owned, i.stock, i.reserved
      FROM "InventoryItem" i WHERE i."storeId" = ${input.storeId} AND i.sku = ANY(${skus}::text[])
      UNION ALL
      SELECT i.id, i."storeId", i.sku, false AS owned, i.stock, i.reserved
      FROM "Variant" v JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
      WHERE v."storeId" = ${input.storeId} AND i."storeId" <> ${input.storeId} AND i.sku = ANY(${skus}::text[])
    ) c
    ORDER BY c.sku, c.owned DESC, c.id`;
  return new Map(rows.map((r) => [r.sku, r]));
}
