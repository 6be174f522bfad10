// Publishes committed outbox events (prisma/sql/events/event-publish.sql): their feed position and
// their deliveries. One publisher at a time; a concurrent call returns -1 and leaves the work to it.
import type { Db } from "@/lib/db";

export const PUBLISH_BATCH = 200;

export async function publishEvents(deps: { db: Db; now: Date }, input: { limit?: number } = {}): Promise<number> {
  const rows = await deps.db.$queryRaw<{ n: number }[]>`
    SELECT event_publish(${deps.now.toISOString()}::timestamp(3), ${input.limit ?? PUBLISH_BATCH}::int) AS n`;
  return rows[0]?.n ?? 0;
}
