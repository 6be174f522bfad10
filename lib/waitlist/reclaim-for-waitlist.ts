// After a refused add: lapsed holds of an item with a waiting line are reclaimed on their own, so
// their units are offered to the line at once (waitlist_reclaim_for; one index probe when nobody waits).
import { queryRows, type Db } from "@/lib/db";

export async function reclaimForWaitlist(deps: { db: Db; now: Date }, variantId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(deps.db, `SELECT waitlist_reclaim_for($1, $2::timestamp(3)) AS n`, [variantId, deps.now.toISOString()]);
  return rows[0]?.n ?? 0;
}
