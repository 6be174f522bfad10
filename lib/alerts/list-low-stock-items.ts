// The items at or under their low-stock threshold (the item's own, else its store's default), as
// counted by the health report's low_stock check: what the daily digest lists.
import type { Db } from "@/lib/db";

export type LowStockItem = {
  storeSlug: string;
  storeName: string;
  sku: string;
  title: string | null;
  stock: number;
  reserved: number;
  available: number;
  threshold: number;
};

export async function listLowStockItems(deps: { db: Db }, input: { limit?: number } = {}): Promise<{ items: LowStockItem[]; total: number }> {
  const limit = input.limit ?? 100;
  const rows = await deps.db.$queryRaw<(LowStockItem & { total: number })[]>`
    SELECT s.slug AS "storeSlug", s.name AS "storeName", i.sku, i.stock, i.reserved,
      (i.stock - i.reserved)::int AS available,
      COALESCE(i."lowStockThreshold", s."lowStockDefault")::int AS threshold,
      (SELECT p.title FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
       WHERE v."inventoryItemId" = i.id ORDER BY (v."storeId" = i."storeId") DESC, v.id LIMIT 1) AS title,
      (count(*) OVER ())::int AS total
    FROM "InventoryItem" i JOIN "Store" s ON s.id = i."storeId"
    WHERE i.stock - i.reserved <= COALESCE(i."lowStockThreshold", s."lowStockDefault")
    ORDER BY s.slug, (i.stock - i.reserved), i.sku
    LIMIT ${limit}`;
  return { items: rows.map(({ total: _total, ...item }) => item), total: rows[0]?.total ?? 0 };
}
