// What shoppers see of stock: units another shopper could take now (lapsed holds never lower it,
// swept or not) and the badge state, for many variants in one query.
import type { Db } from "@/lib/db";

export type StockState = "in_stock" | "low_stock" | "out_of_stock" | "coming_soon" | "unavailable";

export type StockLevel = { variantId: string; available: number; state: StockState };

export type StockStateInput = {
  available: number;
  /** The item's lowStockThreshold, else its OWNER store's lowStockDefault. */
  lowStockThreshold: number;
  productStatus: "ACTIVE" | "DRAFT" | "ARCHIVED" | string;
  releaseAt: Date | null;
  endsAt: Date | null;
  now: Date;
};

type SaleInput = { productStatus: string; releaseAt: Date | null; endsAt: Date | null; now: Date };

/**
 * The engine's catalog_sale_state (prisma/sql/catalog/catalog-sale-state.sql) read off a row the
 * engine already returned: ON_SALE, else NOT_AVAILABLE (not ACTIVE, or ended) before NOT_RELEASED.
 * availability.db.test.ts shows the two agree.
 */
export function saleStateOf(p: SaleInput): "ON_SALE" | "NOT_AVAILABLE" | "NOT_RELEASED" {
  const now = p.now.getTime();
  if (p.productStatus !== "ACTIVE" || (p.endsAt && p.endsAt.getTime() <= now)) return "NOT_AVAILABLE";
  if (p.releaseAt && p.releaseAt.getTime() > now) return "NOT_RELEASED";
  return "ON_SALE";
}

/** True when the product can be sold at `now`: ACTIVE, released, not ended. */
export function isSellable(p: SaleInput): boolean {
  return saleStateOf(p) === "ON_SALE";
}

/** The badge state; an ended or non-ACTIVE product is unavailable before anything else. */
export function stockStateFor(input: StockStateInput): StockState {
  const sale = saleStateOf(input);
  if (sale === "NOT_AVAILABLE") return "unavailable";
  if (sale === "NOT_RELEASED") return "coming_soon";
  if (input.available <= 0) return "out_of_stock";
  if (input.available <= input.lowStockThreshold) return "low_stock";
  return "in_stock";
}

/**
 * Units another shopper could take: stock − reserved + units of lapsed-but-unswept cart holds, never
 * negative. `waiting`: units the item's waitlist still waits for (docs/waitlist.md) — units coming
 * back go to the line first, so they are not shown to anyone else.
 */
export function availableUnits(c: { stock: number; reserved: number; lapsed: number; waiting?: number }): number {
  return Math.max(0, c.stock - c.reserved + c.lapsed - (c.waiting ?? 0));
}

type StockRow = {
  variantId: string;
  stock: number;
  reserved: number;
  lapsed: number;
  waiting: number;
  threshold: number;
  status: string;
  releaseAt: Date | null;
  endsAt: Date | null;
};

/**
 * Stock levels of a store's variants, in the order asked (duplicates once). Ids that are unknown
 * or belong to another store are omitted. An unavailable variant shows 0 units.
 */
export async function getStockLevels(
  deps: { db: Db; now: Date },
  input: { storeId: string; variantIds: readonly string[] },
): Promise<StockLevel[]> {
  const ids = [...new Set(input.variantIds)];
  if (ids.length === 0) return [];
  const now = deps.now.toISOString();
  // The lateral sum walks the partial index "Hold_active_by_item" (inventoryItemId, expiresAt) WHERE ACTIVE.
  const rows = await deps.db.$queryRaw<StockRow[]>`
    SELECT v.id AS "variantId", i.stock, i.reserved, l.units AS lapsed,
      COALESCE((SELECT sum(w.quantity) FROM "WaitlistEntry" w WHERE w."inventoryItemId" = i.id AND w.status = 'WAITING'), 0)::int AS waiting,
      COALESCE(i."lowStockThreshold", o."lowStockDefault") AS threshold,
      -- An archived variant, or a supplier's item listed without a live grant, sells like an archived product.
      CASE WHEN v."archivedAt" IS NOT NULL OR (i."storeId" <> v."storeId" AND NOT EXISTS (
          SELECT 1 FROM "SupplierGrant" g
          WHERE g."supplierStoreId" = i."storeId" AND g."resellerStoreId" = v."storeId" AND g."revokedAt" IS NULL))
        THEN 'ARCHIVED' ELSE p.status::text END AS status, p."releaseAt", p."endsAt"
    FROM "Variant" v
    JOIN "Product" p ON p.id = v."productId" AND p."storeId" = v."storeId"
    JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
    JOIN "Store" o ON o.id = i."storeId"
    LEFT JOIN LATERAL inv_lapsed_units(i.id, ${now}::timestamp(3)) l ON true
    WHERE v."storeId" = ${input.storeId} AND v.id = ANY(${ids}::text[])`;
  const byId = new Map(rows.map((r) => [r.variantId, r]));
  const levels: StockLevel[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    const available = availableUnits(r);
    const state = stockStateFor({
      available,
      lowStockThreshold: r.threshold,
      productStatus: r.status,
      releaseAt: r.releaseAt,
      endsAt: r.endsAt,
      now: deps.now,
    });
    levels.push({ variantId: id, available: state === "unavailable" ? 0 : available, state });
  }
  return levels;
}
