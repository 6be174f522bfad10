// The admin's view of demand: entries and offers (of variants listed by the store, or on items it
// owns), newest first, with the order an offer ended in (conversion), and per-item waiting figures
// for the inventory table.
import type { Db } from "@/lib/db";
import type { AdminWaitlistItem, AdminWaitlistQuery } from "@/lib/waitlist/schemas";

type Row = Omit<AdminWaitlistItem, "createdAt" | "offeredAt" | "offerExpiresAt" | "claimedAt"> & {
  createdAt: Date;
  offeredAt: Date | null;
  offerExpiresAt: Date | null;
  claimedAt: Date | null;
};

export type WaitlistSummary = { waiting: number; waitingUnits: number; offered: number; claimed: number; paid: number; lapsed: number };

export async function listWaitlist({ db }: { db: Db }, input: { storeId: string } & AdminWaitlistQuery): Promise<{ items: AdminWaitlistItem[]; summary: WaitlistSummary }> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT w.id, i.sku, w.quantity, w.status::text AS status, w.email, w."createdAt", w."offeredAt", w."offerExpiresAt",
      w."offeredQuantity", w."claimedAt", o.status::text AS "orderStatus"
    FROM "WaitlistEntry" w
    JOIN "InventoryItem" i ON i.id = w."inventoryItemId"
    LEFT JOIN "Hold" h ON h.id = w."claimHoldId"
    LEFT JOIN "Order" o ON o.id = h."orderId"
    WHERE (w."storeId" = ${input.storeId} OR i."storeId" = ${input.storeId})
      AND (${input.sku ?? null}::text IS NULL OR lower(i.sku) = lower(${input.sku ?? null}))
      AND (${input.status ?? null}::text IS NULL OR w.status::text = ${input.status ?? null})
    ORDER BY w."createdAt" DESC, w.seq DESC
    LIMIT ${input.limit}`;
  const [s] = await db.$queryRaw<WaitlistSummary[]>`
    SELECT count(*) FILTER (WHERE w.status = 'WAITING')::int AS waiting,
      COALESCE(sum(w.quantity) FILTER (WHERE w.status = 'WAITING'), 0)::int AS "waitingUnits",
      count(*) FILTER (WHERE w."offeredAt" IS NOT NULL)::int AS offered,
      count(*) FILTER (WHERE w.status = 'CLAIMED')::int AS claimed,
      count(*) FILTER (WHERE o.status = 'PAID')::int AS paid,
      count(*) FILTER (WHERE w.status = 'LAPSED')::int AS lapsed
    FROM "WaitlistEntry" w
    JOIN "InventoryItem" i ON i.id = w."inventoryItemId"
    LEFT JOIN "Hold" h ON h.id = w."claimHoldId"
    LEFT JOIN "Order" o ON o.id = h."orderId"
    WHERE (w."storeId" = ${input.storeId} OR i."storeId" = ${input.storeId})
      AND (${input.sku ?? null}::text IS NULL OR lower(i.sku) = lower(${input.sku ?? null}))`;
  return {
    items: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      offeredAt: r.offeredAt?.toISOString() ?? null,
      offerExpiresAt: r.offerExpiresAt?.toISOString() ?? null,
      claimedAt: r.claimedAt?.toISOString() ?? null,
    })),
    summary: s ?? { waiting: 0, waitingUnits: 0, offered: 0, claimed: 0, paid: 0, lapsed: 0 },
  };
}
