// One inventory item as the admin sees it from a store (owned, or listed from a supplier): counters,
// availability by the storefront's rule and the badge state, in one query.
import { AppError } from "@/lib/errors";
import { availableUnits } from "@/lib/inventory/availability";
import type { SqlDeps } from "@/lib/inventory/sql-client";

export type InventoryItemState = "in_stock" | "low_stock" | "out_of_stock";

export type InventoryItemView = {
  sku: string;
  productTitle: string | null;
  variantTitle: string | null;
  stock: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  state: InventoryItemState;
  owned: boolean;
};

/** The admin state of an item: out of stock at 0, low at or under the threshold. */
export function inventoryStateFor(available: number, lowStockThreshold: number): InventoryItemState {
  if (available <= 0) return "out_of_stock";
  if (available <= lowStockThreshold) return "low_stock";
  return "in_stock";
}

type Row = {
  sku: string;
  stock: number;
  reserved: number;
  lapsed: number;
  threshold: number;
  owned: boolean;
  productTitle: string | null;
  variantTitle: string | null;
};

/** The item as seen from `storeId`; NOT_FOUND unless the store owns it or lists it. */
export async function getInventoryItemView(deps: SqlDeps, input: { storeId: string; itemId: string }): Promise<InventoryItemView> {
  const at = deps.now.toISOString();
  const rows = await deps.db.$queryRaw<Row[]>`
    SELECT i.sku, i.stock, i.reserved, l.units AS lapsed,
      COALESCE(i."lowStockThreshold", o."lowStockDefault") AS threshold,
      (i."storeId" = ${input.storeId}) AS owned, t."productTitle", t."variantTitle"
    FROM "InventoryItem" i
    JOIN "Store" o ON o.id = i."storeId"
    -- Lapsed-but-unswept cart holds never lower availability (prisma/sql/inventory/inv-lapsed-units.sql).
    LEFT JOIN LATERAL inv_lapsed_units(i.id, ${at}::timestamp(3)) l ON true
    LEFT JOIN LATERAL (
      -- Only this store's own listing names the item.
      SELECT p.title AS "productTitle", v.title AS "variantTitle"
      FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
      WHERE v."inventoryItemId" = i.id AND v."storeId" = ${input.storeId}
      ORDER BY p.position, p.id, v.position, v.id
      LIMIT 1
    ) t ON true
    WHERE i.id = ${input.itemId}
      AND (i."storeId" = ${input.storeId}
        OR EXISTS (SELECT 1 FROM "Variant" sv WHERE sv."inventoryItemId" = i.id AND sv."storeId" = ${input.storeId}))`;
  const r = rows[0];
  if (!r) throw new AppError("NOT_FOUND", "Inventory item not found.");
  const available = availableUnits(r);
  return {
    sku: r.sku,
    productTitle: r.productTitle,
    variantTitle: r.variantTitle,
    stock: r.stock,
    reserved: r.reserved,
    available,
    lowStockThreshold: r.threshold,
    state: inventoryStateFor(available, r.threshold),
    owned: r.owned,
  };
}
