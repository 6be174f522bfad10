// Chart data for the dashboard, read from the stock ledger: how many holds were created, sold,
// expired and released per time bucket, and how the stock of today's low items moved over the range.
import type { Db } from "@/lib/db";
import { emptyActivityBucket, type ActivityBucket, type AdminStats, type LowStockSeries, type StatsRange } from "@/lib/dashboard/schemas";

const HOUR = 3600;

/** Bucket size and count per range: about 24–30 points each, aligned to whole buckets (UTC). */
export const STATS_RANGES: Record<StatsRange, { bucketSeconds: number; buckets: number }> = {
  "24h": { bucketSeconds: HOUR, buckets: 24 },
  "7d": { bucketSeconds: 6 * HOUR, buckets: 28 },
  "30d": { bucketSeconds: 24 * HOUR, buckets: 30 },
};

export type GetAdminStatsInput = { storeId: string; range: StatsRange; items: number };

type ActivityRow = { bucket: number; kind: string; n: number; units: number };
type LowItemRow = { id: string; sku: string; title: string | null; threshold: number; stock: number; reserved: number };
type PointRow = { id: string; bucket: number; stock: number | null; reserved: number | null };

/** The window ends at the end of the bucket holding `now`, so the current bucket is the last point. */
export function statsWindow(now: Date, range: StatsRange): { from: Date; to: Date; bucketSeconds: number; buckets: number } {
  const { bucketSeconds, buckets } = STATS_RANGES[range];
  const size = bucketSeconds * 1000;
  const to = new Date(Math.floor(now.getTime() / size) * size + size);
  const from = new Date(to.getTime() - buckets * size);
  return { from, to, bucketSeconds, buckets };
}

export async function getAdminStats({ db, now }: { db: Db; now: Date }, input: GetAdminStatsInput): Promise<AdminStats> {
  const { from, to, bucketSeconds, buckets } = statsWindow(now, input.range);
  const fromIso = from.toISOString();
  const toIso = to.toISOString();

  // One grouped scan of the store's ledger over the window (index storeId, createdAt).
  const activityRows = await db.$queryRaw<ActivityRow[]>`
    SELECT floor(extract(epoch FROM (m."createdAt" - ${fromIso}::timestamp(3))) / ${bucketSeconds})::int AS bucket,
      m.kind::text AS kind, count(*)::int AS n,
      COALESCE(sum(CASE WHEN m.kind = 'LATE_SALE' THEN abs(m."stockDelta") ELSE abs(m."reservedDelta") END), 0)::int AS units
    FROM "StockMovement" m
    WHERE m."storeId" = ${input.storeId}
      AND m."createdAt" >= ${fromIso}::timestamp(3) AND m."createdAt" < ${toIso}::timestamp(3)
      AND m.kind IN ('HOLD', 'SALE', 'LATE_SALE', 'EXPIRE', 'RELEASE')
    GROUP BY 1, 2`;

  const activity: ActivityBucket[] = Array.from({ length: buckets }, (_, i) =>
    emptyActivityBucket(new Date(from.getTime() + i * bucketSeconds * 1000).toISOString()),
  );
  for (const row of activityRows) {
    const b = activity[row.bucket];
    if (!b) continue;
    if (row.kind === "HOLD") {
      b.holds += row.n;
      b.holdUnits += row.units;
    } else if (row.kind === "SALE" || row.kind === "LATE_SALE") {
      b.sold += row.n;
      b.soldUnits += row.units;
    } else if (row.kind === "EXPIRE") {
      b.expired += row.n;
      b.expiredUnits += row.units;
    } else if (row.kind === "RELEASE") {
      b.released += row.n;
      b.releasedUnits += row.units;
    }
  }

  // Today's low items (available at or under the threshold), the lowest first, titled by this store's own listing.
  const lowItems = await db.$queryRaw<LowItemRow[]>`
    SELECT i.id, i.sku, t.title, COALESCE(i."lowStockThreshold", s."lowStockDefault")::int AS threshold, i.stock, i.reserved
    FROM "InventoryItem" i
    JOIN "Store" s ON s.id = i."storeId"
    LEFT JOIN LATERAL (
      SELECT p.title FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
      WHERE v."inventoryItemId" = i.id AND v."storeId" = ${input.storeId}
      ORDER BY p.position, p.id LIMIT 1
    ) t ON true
    WHERE i."storeId" = ${input.storeId}
      AND i.stock - i.reserved <= COALESCE(i."lowStockThreshold", s."lowStockDefault")
    ORDER BY i.stock - i.reserved, i.sku, i.id
    LIMIT ${input.items}`;

  let points: PointRow[] = [];
  if (lowItems.length > 0) {
    // For each item and bucket end: the counters after the last movement before that instant.
    points = await db.$queryRaw<PointRow[]>`
      SELECT it.id, e.b AS bucket, m."stockAfter" AS stock, m."reservedAfter" AS reserved
      FROM unnest(${lowItems.map((i) => i.id)}::text[]) AS it(id)
      CROSS JOIN generate_series(1, ${buckets}::int) AS e(b)
      LEFT JOIN LATERAL (
        SELECT sm."stockAfter", sm."reservedAfter" FROM "StockMovement" sm
        WHERE sm."inventoryItemId" = it.id
          AND sm."createdAt" < ${fromIso}::timestamp(3) + make_interval(secs => e.b * ${bucketSeconds}::int)
        ORDER BY sm.id DESC LIMIT 1
      ) m ON true`;
  }

  const byItem = new Map<string, PointRow[]>();
  for (const p of points) {
    const list = byItem.get(p.id) ?? [];
    list.push(p);
    byItem.set(p.id, list);
  }

  const lowStock: LowStockSeries[] = lowItems.map((item) => {
    const rows = (byItem.get(item.id) ?? []).sort((a, b) => a.bucket - b.bucket);
    return {
      itemId: item.id,
      sku: item.sku,
      title: item.title,
      threshold: item.threshold,
      stock: item.stock,
      available: Math.max(0, item.stock - item.reserved),
      points: rows.map((r) => ({
        at: new Date(Math.min(now.getTime(), from.getTime() + r.bucket * bucketSeconds * 1000)).toISOString(),
        stock: r.stock,
        available: r.stock === null || r.reserved === null ? null : r.stock - r.reserved,
      })),
    };
  });

  return { range: input.range, bucketSeconds, from: fromIso, to: toIso, activity, lowStock };
}
