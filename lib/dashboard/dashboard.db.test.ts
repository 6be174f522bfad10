import { beforeAll, describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { getAdminStats, statsWindow } from "@/lib/dashboard/get-admin-stats";

const t = testDbForFile();
const now = new Date("2026-11-21T15:30:00.000Z");

type Kind = "HOLD" | "SALE" | "EXPIRE" | "RELEASE" | "ADJUST";

async function movement(storeId: string, itemId: string, kind: Kind, at: string, d: { stock?: number; reserved?: number; stockAfter: number; reservedAfter: number }) {
  await t.db.$executeRaw`
    INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "actorType", "createdAt")
    VALUES (${storeId}, ${itemId}, ${kind}::"MovementKind", ${d.stock ?? 0}, ${d.reserved ?? 0}, ${d.stockAfter}, ${d.reservedAfter}, 'SYSTEM', ${at}::timestamp(3))`;
}

beforeAll(async () => {
  const db = t.db;
  await db.store.create({ data: { id: "s1", slug: "one", name: "One", lowStockDefault: 5 } });
  await db.store.create({ data: { id: "s2", slug: "two", name: "Two" } });

  // LOW: stock 3 now (low); PLENTY: stock 50 (not low); OTHER: another store's low item.
  await db.inventoryItem.create({ data: { id: "i-low", storeId: "s1", sku: "LOW", stock: 3, reserved: 1 } });
  await db.inventoryItem.create({ data: { id: "i-out", storeId: "s1", sku: "OUT", stock: 2, reserved: 2, lowStockThreshold: 1 } });
  await db.inventoryItem.create({ data: { id: "i-plenty", storeId: "s1", sku: "PLENTY", stock: 50, reserved: 0 } });
  await db.inventoryItem.create({ data: { id: "i-other", storeId: "s2", sku: "OTHER", stock: 1, reserved: 0 } });
  await db.product.create({ data: { id: "p-low", storeId: "s1", slug: "low", title: "Low Tee" } });
  await db.variant.create({ data: { storeId: "s1", productId: "p-low", inventoryItemId: "i-low", title: "M", priceCents: 100 } });

  // Ledger of LOW: 10 on hand two hours ago, then holds and a sale.
  await movement("s1", "i-low", "ADJUST", "2026-11-21T13:05:00Z", { stock: 10, stockAfter: 10, reservedAfter: 0 });
  await movement("s1", "i-low", "HOLD", "2026-11-21T14:10:00Z", { reserved: 2, stockAfter: 10, reservedAfter: 2 });
  await movement("s1", "i-low", "HOLD", "2026-11-21T14:20:00Z", { reserved: 5, stockAfter: 10, reservedAfter: 7 });
  await movement("s1", "i-low", "SALE", "2026-11-21T15:01:00Z", { stock: -5, reserved: -5, stockAfter: 5, reservedAfter: 2 });
  await movement("s1", "i-low", "EXPIRE", "2026-11-21T15:10:00Z", { reserved: -2, stockAfter: 5, reservedAfter: 0 });
  await movement("s1", "i-low", "ADJUST", "2026-11-21T15:12:00Z", { stock: -2, stockAfter: 3, reservedAfter: 0 });
  await movement("s1", "i-low", "HOLD", "2026-11-21T15:20:00Z", { reserved: 1, stockAfter: 3, reservedAfter: 1 });
  await movement("s1", "i-plenty", "RELEASE", "2026-11-21T15:25:00Z", { reserved: -3, stockAfter: 50, reservedAfter: 0 });
  // Outside the 24h window, and another store's movement: neither counts.
  await movement("s1", "i-plenty", "HOLD", "2026-11-19T10:00:00Z", { reserved: 3, stockAfter: 50, reservedAfter: 3 });
  await movement("s2", "i-other", "HOLD", "2026-11-21T15:00:00Z", { reserved: 1, stockAfter: 1, reservedAfter: 1 });
});

describe("getAdminStats", () => {
  it("aligns the window to whole buckets ending after now", () => {
    const w = statsWindow(now, "24h");
    expect(w.to.toISOString()).toBe("2026-11-21T16:00:00.000Z");
    expect(w.from.toISOString()).toBe("2026-11-20T16:00:00.000Z");
    expect(statsWindow(now, "30d").to.toISOString()).toBe("2026-11-22T00:00:00.000Z");
  });

  it("counts holds, sales, expiries and releases per hour from this store's ledger only", async () => {
    const stats = await getAdminStats({ db: t.db, now }, { storeId: "s1", range: "24h", items: 6 });
    expect(stats.activity).toHaveLength(24);
    const at = (iso: string) => stats.activity.find((b) => b.start === iso)!;
    expect(at("2026-11-21T14:00:00.000Z")).toMatchObject({ holds: 2, holdUnits: 7, sold: 0 });
    expect(at("2026-11-21T15:00:00.000Z")).toMatchObject({ holds: 1, holdUnits: 1, sold: 1, soldUnits: 5, expired: 1, expiredUnits: 2, released: 1, releasedUnits: 3 });
    const total = stats.activity.reduce((n, b) => n + b.holds + b.sold + b.expired + b.released, 0);
    expect(total).toBe(6); // 3 holds + a sale + an expiry + a release of s1 inside the window; not s2's, not the old one
  });

  it("draws today's low items (lowest available first) with their stock at each bucket end", async () => {
    const stats = await getAdminStats({ db: t.db, now }, { storeId: "s1", range: "24h", items: 6 });
    expect(stats.lowStock.map((s) => s.sku)).toEqual(["OUT", "LOW"]);
    const low = stats.lowStock.find((s) => s.sku === "LOW")!;
    expect(low).toMatchObject({ title: "Low Tee", threshold: 5, stock: 3, available: 2 });
    expect(low.points).toHaveLength(24);
    const point = (iso: string) => low.points.find((p) => p.at === iso);
    expect(point("2026-11-21T13:00:00.000Z")).toMatchObject({ stock: null, available: null }); // before its first movement
    expect(point("2026-11-21T14:00:00.000Z")).toMatchObject({ stock: 10, available: 10 });
    expect(point("2026-11-21T15:00:00.000Z")).toMatchObject({ stock: 10, available: 3 });
    // The last point is now (the bucket has not ended): stock 3, one unit held.
    expect(low.points.at(-1)).toMatchObject({ at: now.toISOString(), stock: 3, available: 2 });
    const out = stats.lowStock.find((s) => s.sku === "OUT")!;
    expect(out.points.every((p) => p.stock === null)).toBe(true); // no ledger rows at all
  });

  it("limits the number of low items", async () => {
    const stats = await getAdminStats({ db: t.db, now }, { storeId: "s1", range: "7d", items: 1 });
    expect(stats.lowStock).toHaveLength(1);
    expect(stats.activity).toHaveLength(28);
    expect(stats.bucketSeconds).toBe(6 * 3600);
  });
});
