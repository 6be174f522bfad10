import { describe, expect, it } from "vitest";
import { emptyActivityBucket, type AdminStats } from "@/lib/dashboard/schemas";
import { activityTotals, toActivityRows, toStockRows } from "./chart-series";

const bucket = (start: string, n: Partial<AdminStats["activity"][number]> = {}) => ({ ...emptyActivityBucket(start), ...n });

const stats: AdminStats = {
  range: "24h",
  bucketSeconds: 3600,
  from: "2026-11-21T13:00:00.000Z",
  to: "2026-11-21T15:00:00.000Z",
  activity: [bucket("2026-11-21T13:00:00.000Z", { holds: 2, holdUnits: 3 }), bucket("2026-11-21T14:00:00.000Z", { sold: 1, soldUnits: 2, expired: 1, expiredUnits: 1 })],
  lowStock: [
    { itemId: "a", sku: "TEE.RED", title: "Tee", threshold: 5, stock: 3, available: 2, points: [{ at: "2026-11-21T14:00:00.000Z", stock: null, available: null }, { at: "2026-11-21T15:00:00.000Z", stock: 3, available: 2 }] },
    { itemId: "b", sku: "MUG", title: null, threshold: 2, stock: 0, available: 0, points: [{ at: "2026-11-21T14:00:00.000Z", stock: 4, available: 4 }, { at: "2026-11-21T15:00:00.000Z", stock: 0, available: 0 }] },
  ],
};

describe("chart series", () => {
  it("keeps one activity row per bucket, in order", () => {
    expect(toActivityRows(stats, "en-GB").map((r) => [r.holds, r.sold, r.expired])).toEqual([
      [2, 0, 0],
      [0, 1, 1],
    ]);
  });
  it("totals counts and units over the range", () => {
    expect(activityTotals(stats)).toMatchObject({ holds: 2, holdUnits: 3, sold: 1, soldUnits: 2, expired: 1 });
  });
  it("pivots items into safe keys (a SKU with a dot never becomes a path) and keeps gaps as null", () => {
    const { series, rows } = toStockRows(stats, "en-GB");
    expect(series.map((s) => [s.key, s.sku])).toEqual([
      ["s0", "TEE.RED"],
      ["s1", "MUG"],
    ]);
    expect(rows.map((r) => [r.s0, r.s1])).toEqual([
      [null, 4],
      [3, 0],
    ]);
  });
});
