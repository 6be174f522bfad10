// The jobs' pass over the waitlist: items with WAITING entries and free units — a drop whose release
// has come (entries of an unreleased drop keep their place but cannot be served), or units freed
// while an entry's product was not sellable — are served (waitlist_serve), item by item, each in
// its own transaction. Returns the offers made.
import type { Db } from "@/lib/db";

export async function serveWaitingLines({ db, now }: { db: Db; now: Date }, options: { limit?: number; deadline?: number } = {}): Promise<number> {
  const items = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT w."inventoryItemId" AS id FROM "WaitlistEntry" w
    JOIN "InventoryItem" i ON i.id = w."inventoryItemId"
    WHERE w.status = 'WAITING' AND i.stock > i.reserved
    LIMIT ${options.limit ?? 500}`;
  let offers = 0;
  for (const item of items) {
    if (options.deadline !== undefined && Date.now() > options.deadline) break;
    const [r] = await db.$queryRaw<{ n: number }[]>`SELECT waitlist_serve(${item.id}, ${now}::timestamp(3)) AS n`;
    offers += r?.n ?? 0;
  }
  return offers;
}
