// The holds an admin can see: those taken through this store (its carts and orders) and those on
// items it owns (a reseller's shoppers holding the supplier's units), soonest expiry first.
import type { Deps } from "@/lib/deps";
import { cursorDate, decodeCursor, encodeCursor } from "@/lib/admin/cursor";
import type { ListReservationsQuery } from "@/lib/admin/schemas";

export type ListReservationsInput = {
  storeId: string;
  status: ListReservationsQuery["status"];
  sku?: string;
  cursor?: string;
  limit: number;
};

export type AdminReservation = {
  id: string;
  sku: string;
  quantity: number;
  status: "ACTIVE" | "RELEASED" | "EXPIRED" | "SOLD";
  expiresAt: string;
  /** An ACTIVE cart hold past its expiry, not yet swept: it no longer counts against availability. */
  lapsed: boolean;
  cartId: string | null;
  orderId: string | null;
  variantId: string;
  productTitle: string | null;
  variantTitle: string;
  /** The store the hold was taken through (differs from this store for a reseller's holds). */
  storeSlug: string;
  owned: boolean;
  createdAt: string;
  endedAt: string | null;
};

type Row = {
  id: string;
  sku: string;
  quantity: number;
  status: AdminReservation["status"];
  expiresAt: Date;
  lapsed: boolean;
  cartId: string | null;
  orderId: string | null;
  variantId: string;
  productTitle: string | null;
  variantTitle: string;
  storeSlug: string;
  owned: boolean;
  createdAt: Date;
  endedAt: Date | null;
};

export async function listReservations(
  { db, now }: Deps,
  input: ListReservationsInput,
): Promise<{ items: AdminReservation[]; nextCursor: string | null }> {
  const [afterExpiry, afterId] = input.cursor ? decodeCursor(input.cursor, 2) : [null, null];
  if (afterExpiry !== null) cursorDate(afterExpiry);
  const status = input.status === "all" ? null : input.status.toUpperCase();
  const at = now.toISOString();
  // `lapsed`: the one rule (prisma/sql/inventory/inv-is-lapsed.sql), asked of the database.
  const rows = await db.$queryRaw<Row[]>`
    SELECT h.id, i.sku, h.quantity, h.status::text AS status, h."expiresAt", h."cartId", h."orderId",
      h."variantId", p.title AS "productTitle", v.title AS "variantTitle", s.slug AS "storeSlug",
      (i."storeId" = ${input.storeId}) AS owned, h."createdAt", h."endedAt",
      inv_is_lapsed(h, ${at}::timestamp(3)) AS lapsed
    FROM "Hold" h
    JOIN "InventoryItem" i ON i.id = h."inventoryItemId"
    JOIN "Variant" v ON v.id = h."variantId"
    JOIN "Store" s ON s.id = h."storeId"
    LEFT JOIN "Product" p ON p.id = v."productId" AND p."storeId" = h."storeId"
    WHERE (h."storeId" = ${input.storeId} OR i."storeId" = ${input.storeId})
      AND (${status}::text IS NULL OR h.status = ${status}::text::"HoldStatus")
      AND (${input.sku ?? null}::text IS NULL OR i.sku = ${input.sku ?? null}::text)
      AND (${afterExpiry}::text IS NULL OR (h."expiresAt", h.id) > (${afterExpiry}::timestamp(3), ${afterId}::text))
    ORDER BY h."expiresAt", h.id
    LIMIT ${input.limit + 1}`;
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      sku: r.sku,
      quantity: r.quantity,
      status: r.status,
      expiresAt: r.expiresAt.toISOString(),
      lapsed: r.lapsed,
      cartId: r.cartId,
      orderId: r.orderId,
      variantId: r.variantId,
      productTitle: r.productTitle,
      variantTitle: r.variantTitle,
      storeSlug: r.storeSlug,
      owned: r.owned,
      createdAt: r.createdAt.toISOString(),
      endedAt: r.endedAt?.toISOString() ?? null,
    })),
    nextCursor: hasMore && last ? encodeCursor([last.expiresAt.toISOString(), last.id]) : null,
  };
}
