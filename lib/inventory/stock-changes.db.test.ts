// Stock changes against a real PostgreSQL, through the TypeScript entry points: adjustments (and the
// lapsed holds they reclaim first), creating items, bulk adjustments and CSV, reconcile and repair.
import { describe, expect, it } from "vitest";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { bulkAdjustStock, parseInventoryCsv } from "@/lib/inventory/bulk-adjust-stock";
import { createInventoryItem } from "@/lib/inventory/create-inventory-item";
import { findItemForStore } from "@/lib/inventory/find-item-for-store";
import { getInventoryItemView } from "@/lib/inventory/inventory-item-view";
import { checkInvariants } from "@/lib/inventory/invariants";
import { reconcileInventory } from "@/lib/inventory/reconcile";
import { activeHolds, admin, at, expectAppError, expectConsistent, T0, token } from "@/lib/testing/engine-kit";
import { cartSetLine, seedItem, seedListing, seedStore } from "@/lib/testing/inventory-fixtures";
import { testDbForFile } from "@/lib/testing/test-db";

const t = testDbForFile();

describe("adjustStock", () => {
  it("refuses to go below what is held, saying how many are held; allows down to it", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 10, productOpts: { title: "Mug", variantTitle: "Blue" } });
    expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 4, now: T0 })).code).toBe("OK");
    const deps = { db: t.db, now: at(1) };

    const e = await expectAppError(adjustStock(deps, { storeId: store.id, sku: item.sku, stock: 3, reason: "count", actor: admin }), "STOCK_BELOW_RESERVED");
    expect(e.details).toEqual({ stock: 10, reserved: 4, requested: 3 });
    expect(e.message).toMatch(/4 units are held/);
    expect(e.status).toBe(409);
    await expectAppError(adjustStock(deps, { storeId: store.id, sku: item.sku, adjust: -7, reason: "damaged", actor: admin }), "STOCK_BELOW_RESERVED");
    const negative = await expectAppError(adjustStock(deps, { storeId: store.id, sku: item.sku, adjust: -11, reason: "x", actor: admin }), "STOCK_BELOW_RESERVED");
    expect(negative.details).toMatchObject({ requested: -1 });
    expect(negative.message).toMatch(/below zero/);

    const view = await adjustStock(deps, { storeId: store.id, sku: item.sku, adjust: -6, reason: "damaged", actor: admin });
    expect(view).toEqual({
      sku: item.sku,
      productTitle: "Mug",
      variantTitle: "Blue",
      stock: 4,
      reserved: 4,
      available: 0,
      lowStockThreshold: 5,
      state: "out_of_stock",
      owned: true,
    });
    const row = await t.db.stockMovement.findFirst({ where: { inventoryItemId: item.itemId, kind: "ADJUST" }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ stockDelta: -6, reservedDelta: 0, stockAfter: 4, reservedAfter: 4, actorType: "USER", actorId: "user-1", actorLabel: "admin@test", reason: "damaged" });
    await expectConsistent(t);
  });

  it("reclaims lapsed holds before refusing", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 6 });
    expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 4, now: T0 })).code).toBe("OK");
    const view = await adjustStock({ db: t.db, now: at(61) }, { storeId: store.id, sku: item.sku, stock: 0, reason: "recount", actor: admin });
    expect(view).toMatchObject({ stock: 0, reserved: 0, available: 0 });
    expect(await activeHolds(t, item.variantId)).toEqual([]);
    const kinds = await t.db.stockMovement.findMany({ where: { inventoryItemId: item.itemId }, orderBy: { id: "asc" }, select: { kind: true } });
    expect(kinds.map((k) => k.kind)).toEqual(["ADJUST", "HOLD", "EXPIRE", "ADJUST"]);
    await expectConsistent(t);
  });

  it("thresholds, input errors, unknown and supplier SKUs", async () => {
    const supplier = await seedStore(t.db, { lowStockDefault: 3 });
    const reseller = await seedStore(t.db);
    const item = await seedItem(t.db, { storeId: supplier.id, stock: 4 });
    await seedListing(t.db, { storeId: reseller.id, itemId: item.itemId, productOpts: { title: "Resold", variantTitle: "One" } });
    const deps = { db: t.db, now: T0 };

    // Threshold alone; null clears it back to the owner's default.
    expect(await adjustStock(deps, { storeId: supplier.id, sku: item.sku, lowStockThreshold: 4, reason: "r", actor: admin })).toMatchObject({ lowStockThreshold: 4, state: "low_stock", stock: 4 });
    expect(await adjustStock(deps, { storeId: supplier.id, sku: item.sku, lowStockThreshold: null, reason: "r", actor: admin })).toMatchObject({ lowStockThreshold: 3, state: "in_stock" });

    await expectAppError(adjustStock(deps, { storeId: supplier.id, sku: item.sku, stock: 1, adjust: 1, reason: "r", actor: admin }), "INVALID_INPUT");
    await expectAppError(adjustStock(deps, { storeId: supplier.id, sku: item.sku, reason: "r", actor: admin }), "INVALID_INPUT");
    await expectAppError(adjustStock(deps, { storeId: supplier.id, sku: "NOPE", stock: 1, reason: "r", actor: admin }), "NOT_FOUND");
    // The reseller sees the supplier's item but may not change it; a stranger does not even see it.
    const forbidden = await expectAppError(adjustStock(deps, { storeId: reseller.id, sku: item.sku, stock: 100, reason: "r", actor: admin }), "FORBIDDEN");
    expect(forbidden.status).toBe(403);
    const stranger = await seedStore(t.db);
    await expectAppError(adjustStock(deps, { storeId: stranger.id, sku: item.sku, stock: 100, reason: "r", actor: admin }), "NOT_FOUND");

    // The reseller's view: not owned, its own listing's titles, the owner's default threshold.
    expect(await getInventoryItemView(deps, { storeId: reseller.id, itemId: item.itemId })).toEqual({
      sku: item.sku, productTitle: "Resold", variantTitle: "One", stock: 4, reserved: 0, available: 4, lowStockThreshold: 3, state: "in_stock", owned: false,
    });
    await expectAppError(getInventoryItemView(deps, { storeId: stranger.id, itemId: item.itemId }), "NOT_FOUND");
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).stock).toBe(4);
  });

  it("an upcoming drop is coming_soon in the item view, as in the inventory list, until its release", async () => {
    const store = await seedStore(t.db);
    const item = await seedItem(t.db, { storeId: store.id, stock: 40, productOpts: { releaseAt: at(60) } });
    const view = (now: Date) => getInventoryItemView({ db: t.db, now }, { storeId: store.id, itemId: item.itemId });
    expect(await view(T0)).toMatchObject({ available: 40, state: "coming_soon" });
    expect(await view(at(60))).toMatchObject({ available: 40, state: "in_stock" });
    // The change an admin makes before the release answers with the same state.
    expect(await adjustStock({ db: t.db, now: T0 }, { storeId: store.id, sku: item.sku, stock: 0, reason: "recount", actor: admin })).toMatchObject({ state: "coming_soon" });
    expect(await view(at(60))).toMatchObject({ state: "out_of_stock" });
  });
});

describe("findItemForStore and createInventoryItem", () => {
  it("resolves owned before listed; creates with an opening ledger row; refuses duplicate SKUs", async () => {
    const supplier = await seedStore(t.db);
    const reseller = await seedStore(t.db);
    const supplied = await seedItem(t.db, { storeId: supplier.id, stock: 2, sku: "SAME" });
    await seedListing(t.db, { storeId: reseller.id, itemId: supplied.itemId });
    expect(await findItemForStore({ db: t.db }, { storeId: reseller.id, sku: "SAME" })).toEqual({ id: supplied.itemId, storeId: supplier.id, sku: "SAME", owned: false });
    const own = await createInventoryItem({ db: t.db, now: T0 }, { storeId: reseller.id, sku: "SAME", stock: 7, actor: admin, reason: "new" });
    expect(await findItemForStore({ db: t.db }, { storeId: reseller.id, sku: "SAME" })).toEqual({ id: own.id, storeId: reseller.id, sku: "SAME", owned: true });
    expect(await findItemForStore({ db: t.db }, { storeId: reseller.id, sku: "OTHER" })).toBeNull();

    const opening = await t.db.stockMovement.findMany({ where: { inventoryItemId: own.id } });
    expect(opening).toMatchObject([{ kind: "ADJUST", stockDelta: 7, reservedDelta: 0, stockAfter: 7, reservedAfter: 0, reason: "new", actorType: "USER" }]);
    await expectAppError(createInventoryItem({ db: t.db, now: T0 }, { storeId: reseller.id, sku: "SAME", stock: 1, actor: admin, reason: "dup" }), "CONFLICT");
    await expectAppError(createInventoryItem({ db: t.db, now: T0 }, { storeId: reseller.id, sku: "NEG", stock: -1, actor: admin, reason: "neg" }), "INVALID_INPUT");
    await expectConsistent(t);
  });
});

describe("bulkAdjustStock", () => {
  it("applies every row or none, with row errors numbered from 1", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const other = await seedStore(t.db);
    const a = await seedItem(t.db, { storeId: store.id, stock: 5 });
    const b = await seedItem(t.db, { storeId: store.id, stock: 5 });
    const foreign = await seedItem(t.db, { storeId: other.id, stock: 5 });
    await seedListing(t.db, { storeId: store.id, itemId: foreign.itemId });
    expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: b.variantId, mode: "add", quantity: 3, now: T0 })).code).toBe("OK");
    const deps = { db: t.db, now: at(1) };
    const stockOf = async (id: string) => (await t.db.inventoryItem.findUniqueOrThrow({ where: { id } })).stock;

    // Malformed / unknown / not owned / duplicate → 400, nothing applied.
    const bad = await expectAppError(
      bulkAdjustStock(deps, {
        storeId: store.id,
        reason: "import",
        actor: admin,
        rows: [{ sku: a.sku, stock: 9 }, { sku: "MISSING", stock: 1 }, { sku: foreign.sku, stock: 1 }, { sku: a.sku, adjust: 1 }, { sku: b.sku, stock: 1, adjust: 1 }],
      }),
      "INVALID_INPUT",
    );
    expect((bad.details as { rows: unknown[] }).rows).toEqual([
      { row: 2, sku: "MISSING", code: "NOT_FOUND", message: expect.any(String) },
      { row: 3, sku: foreign.sku, code: "FORBIDDEN", message: expect.any(String) },
      { row: 4, sku: a.sku, code: "INVALID_INPUT", message: expect.stringMatching(/more than once/) },
      { row: 5, sku: b.sku, code: "INVALID_INPUT", message: expect.any(String) },
    ]);
    expect(await stockOf(a.itemId)).toBe(5);

    // Below held (decided by the engine under the locks) → 409, nothing applied — not even row 1.
    const held = await expectAppError(
      bulkAdjustStock(deps, { storeId: store.id, reason: "import", actor: admin, rows: [{ sku: a.sku, stock: 9 }, { sku: b.sku, stock: 2 }] }),
      "STOCK_BELOW_RESERVED",
    );
    expect((held.details as { rows: unknown[] }).rows).toEqual([{ row: 2, sku: b.sku, code: "STOCK_BELOW_RESERVED", message: expect.stringMatching(/3 units are held/) }]);
    await expectAppError(
      bulkAdjustStock(deps, { storeId: store.id, reason: "import", actor: admin, rows: [{ sku: a.sku, adjust: -6 }] }),
      "STOCK_BELOW_RESERVED",
    );
    expect(await stockOf(a.itemId)).toBe(5);
    expect(await t.db.stockMovement.count({ where: { inventoryItemId: { in: [a.itemId, b.itemId] }, kind: "ADJUST" } })).toBe(2);

    // All good → all applied.
    expect(
      await bulkAdjustStock(deps, { storeId: store.id, reason: "import", actor: admin, rows: [{ sku: b.sku, stock: 3, lowStockThreshold: 1 }, { sku: a.sku, adjust: 2 }] }),
    ).toEqual({ updated: 2 });
    expect(await stockOf(a.itemId)).toBe(7);
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: b.itemId } })).toMatchObject({ stock: 3, reserved: 3, lowStockThreshold: 1 });
    await expectConsistent(t);
  });

  it("parses CSV with line numbers", () => {
    const ok = parseInventoryCsv("\uFEFFsku,stock,lowStockThreshold\nA-1,5,\n\nB-2, 7 ,2\n");
    expect(ok).toEqual({ rows: [{ sku: "A-1", stock: 5, line: 2 }, { sku: "B-2", stock: 7, lowStockThreshold: 2, line: 4 }], errors: [] });
    expect(parseInventoryCsv("stock,SKU\n3,X\n").rows).toEqual([{ sku: "X", stock: 3, line: 2 }]);

    const bad = parseInventoryCsv("sku,stock\nA,-1\nB,1.5\n,3\nC,4,9\nD,1000001\nE,12\n");
    expect(bad.rows).toEqual([{ sku: "E", stock: 12, line: 7 }]);
    expect(bad.errors.map((e) => [e.line, e.row, e.sku, e.code])).toEqual([
      [2, 1, "A", "INVALID_INPUT"],
      [3, 2, "B", "INVALID_INPUT"],
      [4, 3, "", "INVALID_INPUT"],
      [5, 4, "C", "INVALID_INPUT"],
      [6, 5, "D", "INVALID_INPUT"],
    ]);
    expect(parseInventoryCsv("sku,qty\nA,1\n").errors[0]?.message).toMatch(/header/);
    expect(parseInventoryCsv("").errors[0]?.message).toMatch(/empty/);
    expect(parseInventoryCsv('sku,stock\n"A,1\n').errors).toHaveLength(1);
  });
});

describe("reconcile", () => {
  it("detects injected drift and repairs it with a REPAIR row", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 10 });
    await seedItem(t.db, { storeId: store.id, stock: 4 });
    expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 2, now: T0 })).code).toBe("OK");
    await t.db.$executeRaw`UPDATE "InventoryItem" SET reserved = reserved + 3 WHERE id = ${item.itemId}`;

    const found = await reconcileInventory({ db: t.db, now: at(1) }, { storeId: store.id });
    expect(found.checked).toBe(2);
    expect(found.repaired).toBe(0);
    expect(found.drift).toEqual([
      { itemId: item.itemId, storeSlug: store.slug, sku: item.sku, stock: 10, reserved: 5, activeHeld: 2, ledgerStock: 10, ledgerReserved: 2 },
    ]);
    expect((await checkInvariants({ db: t.db }))[0]?.problems).toEqual(["reserved 5 ≠ active holds 2", "reserved 5 ≠ ledger 2"]);

    const fixed = await reconcileInventory({ db: t.db, now: at(2) }, { storeId: store.id, repair: true });
    expect(fixed.repaired).toBe(1);
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).toMatchObject({ stock: 10, reserved: 2 });
    const repair = await t.db.stockMovement.findFirstOrThrow({ where: { inventoryItemId: item.itemId, kind: "REPAIR" } });
    expect(repair).toMatchObject({ stockAfter: 10, reservedAfter: 2, actorType: "SYSTEM" });
    expect(repair.reason).toMatch(/reserved 5 -> 2/);
    expect((await reconcileInventory({ db: t.db, now: at(3) }, {})).drift).toEqual([]);
    await expectConsistent(t);
  });

  it("repairs stock from the ledger, and the ledger from the holds", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 10 });
    expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 2, now: T0 })).code).toBe("OK");
    // Stock drifted up by 5; a hold's ledger row went missing (the ledger says 1 unit reserved too few).
    await t.db.$executeRaw`UPDATE "InventoryItem" SET stock = stock + 5 WHERE id = ${item.itemId}`;
    await t.db.$executeRaw`UPDATE "StockMovement" SET "reservedDelta" = "reservedDelta" - 1 WHERE "inventoryItemId" = ${item.itemId} AND kind = 'HOLD'`;
    const r = await reconcileInventory({ db: t.db, now: at(1) }, { repair: true });
    expect(r.drift.map((d) => d.itemId)).toEqual([item.itemId]);
    expect(r.repaired).toBe(1);
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).toMatchObject({ stock: 10, reserved: 2 });
    const repair = await t.db.stockMovement.findFirstOrThrow({ where: { inventoryItemId: item.itemId, kind: "REPAIR" } });
    expect(repair).toMatchObject({ stockDelta: 0, reservedDelta: 1 });
    await expectConsistent(t);
  });

  it("leaves stock alone when the ledger's stock is under what is held, and keeps reporting it", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 5 });
    expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 4, now: T0 })).code).toBe("OK");
    await t.db.$executeRaw`UPDATE "StockMovement" SET "stockDelta" = 2 WHERE "inventoryItemId" = ${item.itemId} AND kind = 'ADJUST'`;
    const r = await reconcileInventory({ db: t.db, now: at(1) }, { storeId: store.id, repair: true });
    expect(r.repaired).toBe(1);
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).toMatchObject({ stock: 5, reserved: 4 });
    const again = await reconcileInventory({ db: t.db, now: at(2) }, { storeId: store.id });
    expect(again.drift).toEqual([expect.objectContaining({ itemId: item.itemId, stock: 5, ledgerStock: 2, reserved: 4, ledgerReserved: 4 })]);
    // Put the ledger right again for the tests that check every item.
    await t.db.$executeRaw`UPDATE "StockMovement" SET "stockDelta" = 5 WHERE "inventoryItemId" = ${item.itemId} AND kind = 'ADJUST'`;
    await expectConsistent(t);
  });
});
