// The holds an admin can see: those taken through this store (its carts and orders) and those on
// items it owns (a reseller's shoppers holding the supplier's units), soonest expiry first.
import type { Deps } from "@/lib/deps";
import { cursorDate, decodeCursor, encodeCursor, keysetPage } from "@/lib/admin/cursor";
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

/** The query's row: the answer's columns exactly (its SELECT list), with the times as Dates. */
type Row = Omit<AdminReservation, "expiresAt" | "createdAt" | "endedAt"> & { expiresAt: Date; createdAt: Date; endedAt: Date | null };

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
  const { page, nextCursor } = keysetPage(rows, input.limit, (last) => encodeCursor([last.expiresAt.toISOString(), last.id]));
  return {
    items: page.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString(), endedAt: r.endedAt?.toISOString() ?? null })),
    nextCursor,
  };
}
