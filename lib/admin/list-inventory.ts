// The admin's inventory list: items the store owns plus supplier items it lists (owned: false),
// searched, filtered by state and paged by (sku, id) in ONE query, fast for many thousands of items.
import type { Deps } from "@/lib/deps";
import { Prisma } from "@/generated/prisma/client";
import { ownListingTitlesSql, toInventoryItemView, upcomingDropSql, type ItemViewRow } from "@/lib/inventory/inventory-item-view";
import { containsPattern, decodeCursor, encodeCursor, keysetPage } from "@/lib/admin/cursor";
import type { AdminInventoryItem, InventoryState } from "@/lib/admin/response-schemas";

// The row's shape is the response schema's (lib/admin/response-schemas.ts), shared with the dashboard.
export type { AdminInventoryItem };

export type ListInventoryInput = {
  storeId: string;
  state?: InventoryState;
  q?: string;
  cursor?: string;
  limit: number;
};

type Row = ItemViewRow & {
  id: string;
  ownThreshold: number | null;
  updatedAt: Date;
  waitingShoppers: number;
  waitingUnits: number;
};

export async function listInventory(
  { db, now }: Deps,
  input: ListInventoryInput,
): Promise<{ items: AdminInventoryItem[]; nextCursor: string | null }> {
  const [afterSku, afterId] = input.cursor ? decodeCursor(input.cursor, 2) : [null, null];
  const pattern = input.q ? containsPattern(input.q) : null;
  const at = now.toISOString();
  // Inner query: candidates (owned ∪ listed), availability = the storefront's rule (availability.ts:
  // stock − reserved + lapsed cart-hold units, never negative; threshold = item's, else owner's
  // default; coming_soon while every on-sale listing of the item in this store is a drop before its
  // release, as its product page says), filter, keyset page. Titles are looked up for the page only.
  const rows = await db.$queryRaw<Row[]>`
    WITH candidates AS (
      SELECT i.id FROM "InventoryItem" i WHERE i."storeId" = ${input.storeId}
      UNION
      SELECT v."inventoryItemId" FROM "Variant" v WHERE v."storeId" = ${input.storeId}
    ), measured AS (
      SELECT i.id, i.sku, i.stock, i.reserved, l.units AS lapsed,
        COALESCE(i."lowStockThreshold", o."lowStockDefault") AS threshold,
        i."lowStockThreshold" AS "ownThreshold",
        (i."storeId" = ${input.storeId}) AS owned, i."updatedAt",
        GREATEST(0, i.stock - i.reserved + l.units) AS available,
        COALESCE(d.upcoming, false) AS upcoming
      FROM candidates c
      JOIN "InventoryItem" i ON i.id = c.id
      JOIN "Store" o ON o.id = i."storeId"
      LEFT JOIN LATERAL inv_lapsed_units(i.id, ${at}::timestamp(3)) l ON true
      ${upcomingDropSql(input.storeId, at)}
      WHERE (${afterSku}::text IS NULL OR (i.sku, i.id) > (${afterSku}::text, ${afterId}::text))
        AND (${pattern}::text IS NULL OR i.sku ILIKE ${pattern}::text OR EXISTS (
          SELECT 1 FROM "Variant" sv JOIN "Product" sp ON sp.id = sv."productId"
          WHERE sv."inventoryItemId" = i.id AND sv."storeId" = ${input.storeId} AND sp.title ILIKE ${pattern}::text
        ))
    ), page AS (
      SELECT m.* FROM measured m
      -- adminStockState (lib/inventory/inventory-item-view.ts) in SQL, to filter before paging.
      WHERE ${input.state ?? null}::text IS NULL OR ${input.state ?? null}::text = CASE
        WHEN m.upcoming THEN 'coming_soon'
        WHEN m.available <= 0 THEN 'out_of_stock'
        WHEN m.available <= m.threshold THEN 'low_stock'
        ELSE 'in_stock' END
      ORDER BY m.sku, m.id
      LIMIT ${input.limit + 1}
    )
    SELECT page.id, page.sku, page.stock, page.reserved, page.lapsed, page.threshold, page."ownThreshold",
      page.upcoming, page.owned, page."updatedAt", t."productTitle", t."variantTitle",
      COALESCE(wl.shoppers, 0)::int AS "waitingShoppers", COALESCE(wl.units, 0)::int AS "waitingUnits"
    FROM page
    LEFT JOIN LATERAL (
      SELECT count(*) AS shoppers, sum(w.quantity) AS units FROM "WaitlistEntry" w
      WHERE w."inventoryItemId" = page.id AND w.status = 'WAITING'
    ) wl ON true
    ${ownListingTitlesSql(input.storeId, Prisma.raw("page.id"))}
    ORDER BY page.sku, page.id`;

  const { page, nextCursor } = keysetPage(rows, input.limit, (last) => encodeCursor([last.sku, last.id]));
  return { items: page.map((r) => toAdminInventoryItem(r, now)), nextCursor };
}

function toAdminInventoryItem(r: Row, now: Date): AdminInventoryItem {
  return {
    id: r.id,
    ...toInventoryItemView(r, now),
    lowStockThresholdIsDefault: r.ownThreshold === null,
    updatedAt: r.updatedAt.toISOString(),
    waitingShoppers: r.waitingShoppers,
    waitingUnits: r.waitingUnits,
  };
}
