// Buckets whose window has ended carry no information; this deletes them in bounded batches
// (the limiter calls it now and then; the cleanup job may call it too).
import type { Prisma } from "@/lib/db";

type SqlClient = Pick<Prisma.TransactionClient, "$executeRaw">;

/** Deletes up to `batchSize` buckets whose window ended before `now`; returns how many went. */
export async function purgeRateLimitBuckets(deps: { db: SqlClient; now: Date }, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, 100_000));
  return deps.db.$executeRaw`
    DELETE FROM "RateLimitBucket"
    WHERE key IN (
      SELECT key FROM "RateLimitBucket" WHERE "resetAt" < ${deps.now.toISOString()}::timestamp(3)
      LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
    )`;
}
