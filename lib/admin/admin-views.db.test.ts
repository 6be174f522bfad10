// Reservations, movements and settings as an admin sees them, and what another store never sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createTestProduct, createTestStore, newGuest } from "@/lib/testing/cart-fixtures";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { listReservations } from "@/lib/admin/list-reservations";
import { listMovements } from "@/lib/admin/list-movements";
import { getStoreSettings } from "@/lib/admin/get-store-settings";
import { updateStoreSettings } from "@/lib/admin/update-store-settings";
import { updateStoreSettingsInputSchema } from "@/lib/admin/schemas";
import { listInventory } from "@/lib/admin/list-inventory";
import { adjustStock } from "@/lib/inventory/adjust-stock";

let t: TestDb;
const now = new Date("2026-11-22T10:00:00.000Z");

describe("admin views", () => {
  let supplier: { id: string };
  let reseller: { id: string; slug: string };
  let stranger: { id: string };
  let own: Awaited<ReturnType<typeof createTestProduct>>;
  let resold: Awaited<ReturnType<typeof createTestProduct>>;

  beforeAll(async () => {
    t = await createTestDb();
    supplier = await createTestStore(t.db, { reservationTtlSeconds: 600 });
    reseller = await createTestStore(t.db);
    stranger = await createTestStore(t.db);
    own = await createTestProduct(t.db, { storeId: supplier.id, stock: 10, title: "Kettle" });
    resold = await createTestProduct(t.db, {
      storeId: reseller.id,
      ownerStoreId: supplier.id,
      itemId: own.itemId,
      stock: 0,
      title: "Outlet Kettle",
    });
    await setCartLine({ db: t.db, now }, { ...newGuest(supplier.id), variantId: own.variantId, mode: "add", quantity: 2 });
    await setCartLine(
      { db: t.db, now: new Date(now.getTime() + 1000) },
      { ...newGuest(reseller.id), variantId: resold.variantId, mode: "add", quantity: 3 },
    );
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("lists the holds taken through the store and the holds on its items", async () => {
    const deps = { db: t.db, now };
    const { sku } = await t.db.inventoryItem.findUniqueOrThrow({ where: { id: own.itemId }, select: { sku: true } });
    const s = await listReservations(deps, { storeId: supplier.id, status: "active", limit: 100 });
    expect(s.items.map((h) => [h.sku, h.quantity, h.storeSlug === reseller.slug, h.owned])).toEqual([
      [sku, 2, false, true],
      [sku, 3, true, true],
    ]);
    expect(s.items[0]).toMatchObject({
      status: "ACTIVE",
      lapsed: false,
      orderId: null,
      expiresAt: new Date(now.getTime() + 600_000).toISOString(),
    });
    expect(typeof s.items[0]?.cartId).toBe("string");

    // The reseller sees its own shopper's hold (on the supplier's item), not the supplier's shopper's.
    const r = await listReservations(deps, { storeId: reseller.id, status: "active", limit: 100 });
    expect(r.items.map((h) => [h.quantity, h.owned, h.productTitle])).toEqual([[3, false, "Outlet Kettle"]]);
    expect((await listReservations(deps, { storeId: stranger.id, status: "all", limit: 100 })).items).toEqual([]);

    // Filters and paging.
    expect((await listReservations(deps, { storeId: supplier.id, status: "released", limit: 100 })).items).toEqual([]);
    expect((await listReservations(deps, { storeId: supplier.id, status: "active", sku: "nope", limit: 100 })).items).toEqual([]);
    const p1 = await listReservations(deps, { storeId: supplier.id, status: "all", limit: 1 });
    const p2 = await listReservations(deps, {
      storeId: supplier.id,
      status: "all",
      limit: 1,
      cursor: p1.nextCursor ?? undefined,
    });
    expect([p1.items[0]?.quantity, p2.items[0]?.quantity, p2.nextCursor]).toEqual([2, 3, null]);

    // Past expiry the holds show as lapsed until swept.
    const later = await listReservations(
      { db: t.db, now: new Date(now.getTime() + 3600_000) },
      { storeId: supplier.id, status: "active", limit: 100 },
    );
    expect(later.items.every((h) => h.lapsed)).toBe(true);
  });

  it("lists the ledger of the store's own items, newest first, with BigInt ids as strings", async () => {
    const m = await listMovements({ db: t.db }, { storeId: supplier.id, limit: 100 });
    expect(m.items.map((x) => [x.kind, x.stockDelta, x.reservedDelta])).toEqual([
      ["HOLD", 0, 3],
      ["HOLD", 0, 2],
      ["ADJUST", 10, 0],
    ]);
    expect(m.items.every((x) => /^[0-9]+$/.test(x.id))).toBe(true);
    expect(m.items[2]).toMatchObject({ reason: "opening stock", actor: { type: "SYSTEM", id: null, label: null } });

    const page1 = await listMovements({ db: t.db }, { storeId: supplier.id, limit: 2 });
    const page2 = await listMovements({ db: t.db }, { storeId: supplier.id, limit: 2, cursor: page1.nextCursor ?? undefined });
    expect([...page1.items, ...page2.items].map((x) => x.id)).toEqual(m.items.map((x) => x.id));
    expect(page2.nextCursor).toBeNull();

    expect((await listMovements({ db: t.db }, { storeId: supplier.id, sku: m.items[0]!.sku, limit: 100 })).items).toHaveLength(3);
    // A reseller does not read the supplier's ledger, not even by the supplier's SKU.
    expect((await listMovements({ db: t.db }, { storeId: reseller.id, limit: 100 })).items).toEqual([]);
    expect((await listMovements({ db: t.db }, { storeId: reseller.id, sku: m.items[0]!.sku, limit: 100 })).items).toEqual([]);
  });

  it("reads and changes settings within bounds, strictly", async () => {
    const deps = { db: t.db, now };
    expect(await getStoreSettings(deps, { storeId: supplier.id })).toEqual({
      reservationTtlSeconds: 600,
      paymentTimeoutSeconds: 1800,
      maxHoldExtensions: 2,
      lowStockDefault: 5,
      offerTtlSeconds: 600,
    });
    const changes = updateStoreSettingsInputSchema.parse({ reservationTtlSeconds: 120, lowStockDefault: 0 });
    expect(await updateStoreSettings(deps, { storeId: supplier.id, changes })).toEqual({
      reservationTtlSeconds: 120,
      paymentTimeoutSeconds: 1800,
      maxHoldExtensions: 2,
      lowStockDefault: 0,
      offerTtlSeconds: 600,
    });
    for (const bad of [
      {},
      { reservationTtlSeconds: 9 },
      { reservationTtlSeconds: 86_401 },
      { paymentTimeoutSeconds: 59 },
      { maxHoldExtensions: 11 },
      { lowStockDefault: -1 },
      { lowStockDefault: 100_001 },
      { lowStockDefault: 1.5 },
      { reservationTtlSeconds: "60" },
      { reservationTtlSeconds: 60, currency: "EUR" },
      { maxHoldExtensions: 1e308 },
    ]) {
      expect(updateStoreSettingsInputSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    await expect(updateStoreSettings(deps, { storeId: "nope", changes })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Another store's settings are untouched.
    expect((await getStoreSettings(deps, { storeId: stranger.id })).reservationTtlSeconds).toBe(900);
  });

  it("lets a reseller see the supplier's item (owned: false) but never change its stock", async () => {
    const deps = { db: t.db, now };
    const { sku } = await t.db.inventoryItem.findUniqueOrThrow({ where: { id: own.itemId }, select: { sku: true } });
    const seen = await listInventory(deps, { storeId: reseller.id, limit: 50 });
    expect(seen.items.map((i) => [i.sku, i.owned, i.productTitle])).toEqual([[sku, false, "Outlet Kettle"]]);
    const actor = { type: "USER" as const, id: "u1", label: "reseller@example.test" };
    await expect(adjustStock(deps, { storeId: reseller.id, sku, stock: 100, reason: "steal", actor })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(adjustStock(deps, { storeId: stranger.id, sku, stock: 100, reason: "steal", actor })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: own.itemId } })).stock).toBe(10);
  });
});
