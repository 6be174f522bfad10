// The event feed (GET admin/events): the store's published events after a cursor, oldest first.
// Published events have a dense place (seq) given in commit order (event_publish), so reading "after
// evt_N" never skips an event that commits later. The feed publishes what is waiting first, so it is
// current even when no job or request has run the deliverer since.
import type { Db } from "@/lib/db";
import { publishEvents } from "@/lib/events/publish-events";
import { eventSeqOf, type EventType, type EventView } from "@/lib/events/schemas";

export const EVENT_RETENTION_DAYS = 30;

export async function listEvents(
  deps: { db: Db; now: Date },
  input: { storeId: string; storeSlug: string; after?: string; types: EventType[]; limit: number },
): Promise<{ items: EventView[]; nextAfter: string | null }> {
  await publishEvents(deps);
  const after = input.after ? eventSeqOf(input.after) : 0n;
  const rows = await deps.db.$queryRaw<{ seq: bigint; type: EventType; updatedAt: Date; data: Record<string, unknown> }[]>`
    SELECT e.seq, e.type, e."updatedAt", e.data FROM "Event" e
    WHERE e."storeId" = ${input.storeId} AND e.seq > ${after}
      AND (cardinality(${input.types}::text[]) = 0 OR e.type = ANY (${input.types}::text[]))
    ORDER BY e.seq
    LIMIT ${input.limit}`;
  const items = rows.map((r) => ({ id: `evt_${r.seq}`, type: r.type, store: input.storeSlug, createdAt: r.updatedAt.toISOString(), data: r.data }));
  return { items, nextAfter: items.length > 0 ? items[items.length - 1]!.id : (input.after ?? null) };
}

/**
 * Retention: published events older than 30 days and finished deliveries as old, in batches.
 * PENDING deliveries are kept whatever their age (an endpoint disabled before they went out gets
 * them when enabled again: each carries its whole body). The newest published event is kept too,
 * however old: event_publish numbers the next event max(seq) + 1, so deleting the newest would hand
 * its id (evt_N) out again — a feed cursor would skip the new event and a receiver deduping on
 * webhook-id would drop it (lib/events/events-cleanup.db.test.ts).
 */
export async function pruneEvents(deps: { db: Db; now: Date }, input: { batchSize?: number; deadline?: number } = {}): Promise<{ events: number; deliveries: number }> {
  const cutoff = new Date(deps.now.getTime() - EVENT_RETENTION_DAYS * 86_400_000).toISOString();
  const batch = input.batchSize ?? 5000;
  const out = { events: 0, deliveries: 0 };
  for (;;) {
    if (input.deadline !== undefined && Date.now() >= input.deadline) return out;
    const n = await deps.db.$executeRaw`
      DELETE FROM "WebhookDelivery" WHERE id IN (
        SELECT id FROM "WebhookDelivery" WHERE "createdAt" < ${cutoff}::timestamp(3) AND status <> 'PENDING' LIMIT ${batch})`;
    out.deliveries += n;
    if (n < batch) break;
  }
  for (;;) {
    if (input.deadline !== undefined && Date.now() >= input.deadline) return out;
    const n = await deps.db.$executeRaw`
      DELETE FROM "Event" WHERE pos IN (
        SELECT pos FROM "Event" WHERE "publishedAt" < ${cutoff}::timestamp(3)
          AND seq < (SELECT max(seq) FROM "Event") LIMIT ${batch})`;
    out.events += n;
    if (n < batch) break;
  }
  return out;
}
