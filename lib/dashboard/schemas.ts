// Shapes of the dashboard's own endpoint (chart data): the query it takes and the JSON it answers,
// shared by the route (input) and the browser (response parse).
import { z } from "zod";

export const statsRangeSchema = z.enum(["24h", "7d", "30d"]);
export type StatsRange = z.infer<typeof statsRangeSchema>;

export const statsQuerySchema = z
  .object({
    range: statsRangeSchema.default("24h"),
    /** How many low-stock items to draw (the lowest first). */
    items: z.coerce.number().int().min(1).max(20).default(6),
  })
  .strict();
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export const activityBucketSchema = z.object({
  start: z.string(),
  /** Movements of each kind in the bucket: holds created (or grown), sold, expired, released. */
  holds: z.number().int(),
  sold: z.number().int(),
  expired: z.number().int(),
  released: z.number().int(),
  /** The units those movements moved. */
  holdUnits: z.number().int(),
  soldUnits: z.number().int(),
  expiredUnits: z.number().int(),
  releasedUnits: z.number().int(),
});
export type ActivityBucket = z.infer<typeof activityBucketSchema>;

/** A bucket with nothing in it yet, starting at `start` (ISO). */
export const emptyActivityBucket = (start: string): ActivityBucket => ({
  start,
  holds: 0,
  sold: 0,
  expired: 0,
  released: 0,
  holdUnits: 0,
  soldUnits: 0,
  expiredUnits: 0,
  releasedUnits: 0,
});

export const lowStockSeriesSchema = z.object({
  itemId: z.string(),
  sku: z.string(),
  title: z.string().nullable(),
  threshold: z.number().int(),
  stock: z.number().int(),
  available: z.number().int(),
  /** Stock on hand (and available = stock − reserved) at the end of each bucket, from the ledger; null before the item's first movement. */
  points: z.array(z.object({ at: z.string(), stock: z.number().int().nullable(), available: z.number().int().nullable() })),
});
export type LowStockSeries = z.infer<typeof lowStockSeriesSchema>;

export const adminStatsSchema = z.object({
  range: statsRangeSchema,
  bucketSeconds: z.number().int(),
  from: z.string(),
  to: z.string(),
  activity: z.array(activityBucketSchema),
  lowStock: z.array(lowStockSeriesSchema),
});
export type AdminStats = z.infer<typeof adminStatsSchema>;
