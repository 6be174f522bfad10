// One inventory item as the admin sees it from a store (owned, or listed from a supplier): counters,
// availability by the storefront's rule and the badge state, in one query.
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { availableUnits, stockStateFor, type StockState } from "@/lib/inventory/availability";
import type { SqlDeps } from "@/lib/inventory/sql-client";

/** The admin's word for an item's stock (lib/admin/response-schemas.ts inventoryStateSchema). */
export type InventoryItemState = Exclude<StockState, "unavailable">;

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

/**
 * The admin state of an item, by the storefront's rule (stockStateFor): coming_soon while it is an
 * upcoming drop in this store (upcomingDropSql), else out of stock at 0, low at or under the threshold.
 */
export function adminStockState(c: { available: number; lowStockThreshold: number; upcoming: boolean }, now: Date): InventoryItemState {
  if (c.upcoming) return "coming_soon";
  const state = stockStateFor({ available: c.available, lowStockThreshold: c.lowStockThreshold, productStatus: "ACTIVE", releaseAt: null, endsAt: null, now });
  // An ACTIVE product with no release or end date is never unavailable.
  return state === "unavailable" ? "out_of_stock" : state;
}

/**
 * `upcoming` of item `i` in store `storeId` at `at` (ISO), as a lateral subquery aliased `d`: this
 * store's listings of it that are ACTIVE and not ended — all of them before their release (none on
 * sale yet) is a drop coming soon, as its product page says; no such listing leaves the state to
 * the stock (NULL: read it as COALESCE(d.upcoming, false)).
 */
export function upcomingDropSql(storeId: string, at: string): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
        SELECT bool_and(COALESCE(dp."releaseAt" > ${at}::timestamp(3), false)) AS upcoming
        FROM "Variant" dv JOIN "Product" dp ON dp.id = dv."productId"
        WHERE dv."inventoryItemId" = i.id AND dv."storeId" = ${storeId} AND dp.status = 'ACTIVE'
          AND (dp."endsAt" IS NULL OR dp."endsAt" > ${at}::timestamp(3))
      ) d ON true`;
}

/**
 * This store's own listing's titles of item `item` (an SQL reference such as `i.id`), as a lateral
 * subquery aliased `t`: another store's titles are not ours to show; NULLs when the store only owns it.
 */
export function ownListingTitlesSql(storeId: string, item: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
      SELECT p.title AS "productTitle", v.title AS "variantTitle"
      FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
      WHERE v."inventoryItemId" = ${item} AND v."storeId" = ${storeId}
      ORDER BY p.position, p.id, v.position, v.id
      LIMIT 1
    ) t ON true`;
}

/** The columns an item's view is made of (getInventoryItemView's row; listInventory's rows have more). */
export type ItemViewRow = {
  sku: string;
  stock: number;
  reserved: number;
  lapsed: number;
  threshold: number;
  upcoming: boolean;
  owned: boolean;
  productTitle: string | null;
  variantTitle: string | null;
};

/** The item as seen from `storeId`; NOT_FOUND unless the store owns it or lists it. */
export async function getInventoryItemView(deps: SqlDeps, input: { storeId: string; itemId: string }): Promise<InventoryItemView> {
  const at = deps.now.toISOString();
  const rows = await deps.db.$queryRaw<ItemViewRow[]>`
    SELECT i.sku, i.stock, i.reserved, l.units AS lapsed,
      COALESCE(i."lowStockThreshold", o."lowStockDefault") AS threshold,
      COALESCE(d.upcoming, false) AS upcoming,
      (i."storeId" = ${input.storeId}) AS owned, t."productTitle", t."variantTitle"
    FROM "InventoryItem" i
    JOIN "Store" o ON o.id = i."storeId"
    -- Lapsed-but-unswept cart holds never lower availability (prisma/sql/inventory/inv-lapsed-units.sql).
    LEFT JOIN LATERAL inv_lapsed_units(i.id, ${at}::timestamp(3)) l ON true
    ${upcomingDropSql(input.storeId, at)}
    ${ownListingTitlesSql(input.storeId, Prisma.raw("i.id"))}
    WHERE i.id = ${input.itemId}
      AND (i."storeId" = ${input.storeId}
        OR EXISTS (SELECT 1 FROM "Variant" sv WHERE sv."inventoryItemId" = i.id AND sv."storeId" = ${input.storeId}))`;
  const r = rows[0];
  if (!r) throw new AppError("NOT_FOUND", "Inventory item not found.");
  return toInventoryItemView(r, deps.now);
}

/** A row's view: availability by the storefront's rule (availableUnits), the state by adminStockState. */
export function toInventoryItemView(r: ItemViewRow, now: Date): InventoryItemView {
  const available = availableUnits(r);
  return {
    sku: r.sku,
    productTitle: r.productTitle,
    variantTitle: r.variantTitle,
    stock: r.stock,
    reserved: r.reserved,
    available,
    lowStockThreshold: r.threshold,
    state: adminStockState({ available, lowStockThreshold: r.threshold, upcoming: r.upcoming }, now),
    owned: r.owned,
  };
}
