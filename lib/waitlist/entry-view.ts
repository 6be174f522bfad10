// An entry as its shopper sees it, with its place in line (1 = next) while WAITING.
import type { Db } from "@/lib/db";
import type { WaitlistEntryView, WaitlistStatus } from "@/lib/waitlist/response-schemas";

type EntryRow = {
  id: string;
  variantId: string;
  quantity: number;
  status: WaitlistStatus;
  position: number | null;
  offeredQuantity: number | null;
  offerExpiresAt: Date | null;
};

export function entryViewOf(r: EntryRow): WaitlistEntryView {
  return {
    id: r.id,
    variantId: r.variantId,
    quantity: r.quantity,
    status: r.status,
    position: r.status === "WAITING" ? Number(r.position) : null,
    offeredQuantity: r.offeredQuantity,
    offerExpiresAt: r.offerExpiresAt ? r.offerExpiresAt.toISOString() : null,
  };
}

/** Entries by id (in any order), with positions counted over the item's WAITING line. */
export async function readEntryViews(db: Db, where: { ids?: string[]; storeId: string; userId?: string | null; guestTokenHash?: string | null; variantId?: string; live?: boolean }): Promise<WaitlistEntryView[]> {
  const rows = await db.$queryRaw<EntryRow[]>`
    SELECT w.id, w."variantId", w.quantity, w.status::text AS status, w."offeredQuantity", w."offerExpiresAt",
      CASE WHEN w.status = 'WAITING' THEN (
        SELECT count(*) FROM "WaitlistEntry" o
        WHERE o."inventoryItemId" = w."inventoryItemId" AND o.status = 'WAITING' AND o.seq <= w.seq)::int END AS position
    FROM "WaitlistEntry" w
    WHERE w."storeId" = ${where.storeId}
      AND (${where.ids ?? null}::text[] IS NULL OR w.id = ANY(${where.ids ?? null}::text[]))
      AND (${where.variantId ?? null}::text IS NULL OR w."variantId" = ${where.variantId ?? null})
      AND (${where.ids ? null : "x"}::text IS NULL
        OR (${where.userId ?? null}::text IS NOT NULL AND w."userId" = ${where.userId ?? null})
        OR (${where.guestTokenHash ?? null}::text IS NOT NULL AND w."guestTokenHash" = ${where.guestTokenHash ?? null}))
      AND (${where.live ?? false} = false OR w.status IN ('WAITING', 'OFFERED'))
    ORDER BY w.seq`;
  return rows.map(entryViewOf);
}
