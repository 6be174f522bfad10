// The inventory engine against a real PostgreSQL: lapsed holds, adjustments, reclaim, reconcile and
// repair, the sweeper, releases and exactly-once sells, through the TypeScript entry points.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { getStockLevels } from "@/lib/inventory/availability";
import { bulkAdjustStock, parseInventoryCsv } from "@/lib/inventory/bulk-adjust-stock";
import { createInventoryItem } from "@/lib/inventory/create-inventory-item";
import { findItemForStore } from "@/lib/inventory/find-item-for-store";
import { checkInvariants } from "@/lib/inventory/invariants";
import { getInventoryItemView } from "@/lib/inventory/inventory-item-view";
import { reconcileInventory } from "@/lib/inventory/reconcile";
import { releaseHold } from "@/lib/inventory/release-hold";
import { releaseHolds } from "@/lib/testing/hold-engine";
import { sellHolds } from "@/lib/testing/hold-engine";
import { SWEEP_SHARES, sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { cartSetLine, seedItem, seedListing, seedStore } from "@/lib/testing/inventory-fixtures";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";

let t: TestDb;
const T0 = new Date("2026-03-01T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const admin = { type: "USER" as const, id: "user-1", label: "admin@test" };
let tokenSeq = 0;
const token = () => `tok-${++tokenSeq}-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

async function expectConsistent() {
  expect(await checkInvariants({ db: t.db })).toEqual([]);
}

async function activeHolds(variantId: string) {
  return t.db.hold.findMany({ where: { variantId, status: "ACTIVE" }, select: { id: true, quantity: true, expiresAt: true, cartId: true } });
}

describe("lapsed holds", () => {
  it("neither block another shopper nor lower shown availability before any sweep", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 2, lowStockThreshold: 0 });
    const a = await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 2, now: T0 });
    expect(a.code).toBe("OK");

    // While live, the hold takes the units out of availability for everyone else.
    const live = await getInventoryItemView({ db: t.db, now: at(59) }, { storeId: store.id, itemId: item.itemId });
    expect(live).toMatchObject({ stock: 2, reserved: 2, available: 0, state: "out_of_stock" });

    // Lapsed (not swept: reserved still counts it) — availability shows the units anyway.
    const lapsed = await getInventoryItemView({ db: t.db, now: at(61) }, { storeId: store.id, itemId: item.itemId });
    expect(lapsed).toMatchObject({ stock: 2, reserved: 2, available: 2, state: "in_stock" });
    const [level] = await getStockLevels({ db: t.db, now: at(61) }, { storeId: store.id, variantIds: [item.variantId] });
    expect(level?.available).toBe(2);

    // And another shopper can take them: the contended hold reclaims the lapsed one.
    const b = await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 2, now: at(61) });
    expect(b.code).toBe("OK");
    const holds = await activeHolds(item.variantId);
    expect(holds).toHaveLength(1);
    expect(holds[0]?.cartId).toBe(b.cartId);
    const expired = await t.db.hold.findMany({ where: { variantId: item.variantId, status: "EXPIRED" } });
    expect(expired.map((h) => h.cartId)).toEqual([a.cartId]);
    await expectConsistent();
  });

  it("the shopper's own lapsed hold is renewed, not counted against them", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 3 });
    const tok = token();
    expect((await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: item.variantId, mode: "add", quantity: 3, now: T0 })).code).toBe("OK");
    // Set to the same quantity after the lapse: the old hold expires, a fresh one holds all 3.
    expect((await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: item.variantId, mode: "set", quantity: 3, now: at(120) })).code).toBe("OK");
    const holds = await activeHolds(item.variantId);
    expect(holds.map((h) => [h.quantity, h.expiresAt.toISOString()])).toEqual([[3, at(180).toISOString()]]);
    await expectConsistent();
  });
});

describe("cart_set_line (engine fix)", () => {
  it("answers NO_CART instead of OK when no cart can be found or created", async () => {
    const store = await seedStore(t.db);
    const item = await seedItem(t.db, { storeId: store.id, stock: 5 });
    const carts = await t.db.cart.count();
    const anonymous = await cartSetLine(t.db, { storeId: store.id, variantId: item.variantId, mode: "add", quantity: 1, now: T0 });
    expect(anonymous).toMatchObject({ code: "NO_CART", cartId: null });
    expect(await t.db.cart.count()).toBe(carts); // no anonymous cart left behind

    // A guest token still naming a checked-out cart: the raw engine cannot create a second cart for it.
    const tok = token();
    const first = await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: item.variantId, mode: "add", quantity: 1, now: T0 });
    await t.db.cart.update({ where: { id: first.cartId! }, data: { status: "CHECKED_OUT" } });
    const again = await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: item.variantId, mode: "add", quantity: 1, now: T0 });
    expect(again.code).toBe("NO_CART");
    // Removing from a cart that does not exist stays a harmless OK.
    const remove = await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "set", quantity: 0, now: T0 });
    expect(remove).toMatchObject({ code: "OK", cartId: null });
  });
});

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
    await expectConsistent();
  });

  it("reclaims lapsed holds before refusing", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 6 });
    expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 4, now: T0 })).code).toBe("OK");
    const view = await adjustStock({ db: t.db, now: at(61) }, { storeId: store.id, sku: item.sku, stock: 0, reason: "recount", actor: admin });
    expect(view).toMatchObject({ stock: 0, reserved: 0, available: 0 });
    expect(await activeHolds(item.variantId)).toEqual([]);
    const kinds = await t.db.stockMovement.findMany({ where: { inventoryItemId: item.itemId }, orderBy: { id: "asc" }, select: { kind: true } });
    expect(kinds.map((k) => k.kind)).toEqual(["ADJUST", "HOLD", "EXPIRE", "ADJUST"]);
    await expectConsistent();
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
    await expectConsistent();
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
    await expectConsistent();
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
    await expectConsistent();
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
    await expectConsistent();
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
    await expectConsistent();
  });
});

describe("sweepLapsedHolds", () => {
  it("expires a few thousand lapsed holds in batches and leaves everything consistent", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const items = [await seedItem(t.db, { storeId: store.id, stock: 3000 }), await seedItem(t.db, { storeId: store.id, stock: 3000 })];
    const N = 1500; // per item: 3000 holds in all, 1 to 2 units each
    for (const it of items) {
      // Carts, their lines and holds, with the counters and ledger moved as the engine would.
      await t.db.$executeRaw`
        WITH carts AS (
          INSERT INTO "Cart" (id, "storeId", "tokenHash", status, "createdAt", "updatedAt")
          SELECT ${it.itemId} || '-cart-' || g, ${store.id}, ${it.itemId} || '-tok-' || g, 'ACTIVE', ${T0.toISOString()}::timestamp(3), ${T0.toISOString()}::timestamp(3)
          FROM generate_series(1, ${N}::int) g RETURNING id
        ), lines AS (
          INSERT INTO "CartLine" (id, "cartId", "variantId", quantity) SELECT id || '-line', id, ${it.variantId}, 1 + (length(id) % 2) FROM carts RETURNING "cartId", quantity
        ), holds AS (
          INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
          SELECT "cartId" || '-hold', ${store.id}, ${it.itemId}, ${it.variantId}, "cartId", quantity, 'ACTIVE',
            ${at(60).toISOString()}::timestamp(3), ${T0.toISOString()}::timestamp(3), ${T0.toISOString()}::timestamp(3)
          FROM lines RETURNING id, quantity
        ), ledger AS (
          INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "holdId", "actorType", "createdAt")
          SELECT ${store.id}, ${it.itemId}, 'HOLD', 0, quantity, 3000, 0, id, 'SHOPPER', ${T0.toISOString()}::timestamp(3) FROM holds
        )
        UPDATE "InventoryItem" SET reserved = (SELECT sum(quantity) FROM holds) WHERE id = ${it.itemId}`;
    }
    await expectConsistent();
    const units = (await t.db.hold.aggregate({ _sum: { quantity: true }, where: { status: "ACTIVE", inventoryItemId: { in: items.map((i) => i.itemId) } } }))._sum.quantity;

    // Nothing has lapsed yet.
    // At full pace throughout (the test's own statements just before would otherwise make it yield
    // its first batch): batches counted exactly. The yielding pace has its own test below.
    expect(await sweepLapsedHolds({ db: t.db, now: at(59) }, { batchSize: 1000, yieldToOthers: false })).toEqual({ expiredHolds: 0, releasedUnits: 0, batches: 0, done: true, yieldedBatches: 0 });
    // A dry run counts and changes nothing; a spent deadline does nothing.
    const dry = await sweepLapsedHolds({ db: t.db, now: at(61) }, { batchSize: 1000, dryRun: true });
    expect(dry).toEqual({ expiredHolds: 3000, releasedUnits: units, batches: expect.any(Number), done: true });
    // 3 batches of 1,000, or 2 + 2 when the two items fall into different shares.
    expect(dry.batches).toBeGreaterThanOrEqual(3);
    expect(dry.batches).toBeLessThanOrEqual(3 + SWEEP_SHARES - 1);
    expect(await sweepLapsedHolds({ db: t.db, now: at(61) }, { batchSize: 1000, deadline: Date.now() - 1 })).toEqual({ expiredHolds: 0, releasedUnits: 0, batches: 0, done: false, yieldedBatches: 0 });
    expect(await t.db.hold.count({ where: { status: "ACTIVE", inventoryItemId: { in: items.map((i) => i.itemId) } } })).toBe(3000);

    const started = Date.now();
    const swept = await sweepLapsedHolds({ db: t.db, now: at(61) }, { batchSize: 1000, yieldToOthers: false });
    expect(swept).toEqual({ expiredHolds: 3000, releasedUnits: units, batches: dry.batches, done: true, yieldedBatches: 0 });
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const it of items) expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: it.itemId } })).toMatchObject({ stock: 3000, reserved: 0 });
    expect(await t.db.stockMovement.count({ where: { kind: "EXPIRE", inventoryItemId: { in: items.map((i) => i.itemId) } } })).toBe(3000);
    await expectConsistent();
    // Twice is harmless.
    expect((await sweepLapsedHolds({ db: t.db, now: at(62) }, {})).expiredHolds).toBe(0);
  });

  it("waits for a batch still running in another backend (a killed run's orphan) instead of skipping its holds", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 100 });
    for (let i = 0; i < 40; i++) expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 1, now: T0 })).code).toBe("OK");
    // The orphan: a batch of 10 that has locked its holds and expired them, not yet committed (in
    // the item's share, as a run cut the same way would have taken it).
    const orphan = await t.pool.connect();
    try {
      await orphan.query("BEGIN");
      const { rows } = await orphan.query<{ holds: number }>(
        `SELECT holds FROM inv_sweep_lapsed($1::timestamp(3), 10, (hashtext($2) & 2147483647) % $3, $3)`,
        [at(61).toISOString(), item.itemId, SWEEP_SHARES],
      );
      expect(rows[0]?.holds).toBe(10);
      const orphanPid = (await orphan.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
      // The next run's first batch queues behind it (on the sweep's advisory lock), holding nothing.
      const next = sweepLapsedHolds({ db: t.db, now: at(61) }, { batchSize: 1000, yieldToOthers: false });
      for (let waited = 0; ; waited += 20) {
        const { rows: waiting } = await t.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'advisory' AND $1 = ANY(pg_blocking_pids(pid))`,
          [orphanPid],
        );
        if (waiting[0]!.n > 0) break;
        if (waited > 10_000) throw new Error("the next sweep never waited for the orphaned batch");
        await new Promise((r) => setTimeout(r, 20));
      }
      // The orphan's batch rolls back (its client died before COMMIT): the next run expires all 40.
      await orphan.query("ROLLBACK");
      expect(await next).toEqual({ expiredHolds: 40, releasedUnits: 40, batches: 1, done: true, yieldedBatches: 0 });
    } finally {
      orphan.release();
    }
    expect(await t.db.hold.count({ where: { inventoryItemId: item.itemId, status: "ACTIVE" } })).toBe(0);
    expect(await t.db.stockMovement.count({ where: { inventoryItemId: item.itemId, kind: "EXPIRE" } })).toBe(40);
    await expectConsistent();
  });

  it("gives way while another session is working (one share at a time, small batches) and not when idle", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const items = [await seedItem(t.db, { storeId: store.id, stock: 500 }), await seedItem(t.db, { storeId: store.id, stock: 500 })];
    // Earlier tests' holds out of the way: this test counts exactly, and runs after them in time.
    await sweepLapsedHolds({ db: t.db, now: at(100_000) }, { yieldToOthers: false });
    const B = 100_000;
    const add = (variantId: string) => cartSetLine(t.db, { storeId: store.id, token: token(), variantId, mode: "add", quantity: 1, now: at(B) });
    for (const it of items) for (let i = 0; i < 150; i++) expect((await add(it.variantId)).code).toBe("OK");
    // Another session busy with a statement (a shopper, an admin) for as long as the test needs.
    const busy = await t.pool.connect();
    const busyPid = (await busy.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
    const sleeping = busy.query(`SELECT pg_sleep(60)`).catch(() => undefined);
    try {
      for (let waited = 0; ; waited += 10) {
        const { rows } = await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND state = 'active'`, [busyPid]);
        if (rows[0]!.n > 0) break;
        if (waited > 5000) throw new Error("the busy session never started");
        await new Promise((r) => setTimeout(r, 10));
      }
      // Asked to stay at full pace, it does: shares side by side, batches as large as asked.
      const full = await sweepLapsedHolds({ db: t.db, now: at(B + 61) }, { batchSize: 100, yieldToOthers: false });
      expect(full).toMatchObject({ yieldedBatches: 0, done: true });
      expect(full.expiredHolds).toBe(300);
      // Another 300 lapse; the default gives way: only yielded batches, none larger than asked.
      for (const it of items) for (let i = 0; i < 150; i++) expect((await add(it.variantId)).code).toBe("OK");
      const started = Date.now();
      const yielded = await sweepLapsedHolds({ db: t.db, now: at(B + 200) }, { batchSize: 100 });
      expect(yielded).toMatchObject({ expiredHolds: 300, releasedUnits: 300, done: true });
      expect(yielded.yieldedBatches).toBe(yielded.batches);
      expect(yielded.batches).toBeGreaterThanOrEqual(3);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await t.pool.query(`SELECT pg_cancel_backend($1)`, [busyPid]);
      await sleeping;
      busy.release();
    }
    // Idle again (nothing for longer than the 100 ms a finished statement counts): full pace.
    for (const it of items) for (let i = 0; i < 10; i++) expect((await add(it.variantId)).code).toBe("OK");
    await new Promise((r) => setTimeout(r, 300));
    expect(await sweepLapsedHolds({ db: t.db, now: at(B + 400) }, { batchSize: 100 })).toMatchObject({ expiredHolds: 20, yieldedBatches: 0, done: true });
    expect(await t.db.hold.count({ where: { status: "ACTIVE", inventoryItemId: { in: items.map((i) => i.itemId) } } })).toBe(0);
    await expectConsistent();
  });
});

describe("holds: release one, sell and release many", () => {
  async function holdOne(storeId: string, variantId: string, quantity: number, now = T0) {
    const r = await cartSetLine(t.db, { storeId, token: token(), variantId, mode: "add", quantity, now });
    expect(r.code).toBe("OK");
    const h = await t.db.hold.findFirstOrThrow({ where: { cartId: r.cartId!, variantId, status: "ACTIVE" } });
    return h;
  }

  it("releaseHold: visible to the listing store and the owner only; cart holds only; once", async () => {
    const supplier = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const reseller = await seedStore(t.db);
    const stranger = await seedStore(t.db);
    const item = await seedItem(t.db, { storeId: supplier.id, stock: 10 });
    const listing = await seedListing(t.db, { storeId: reseller.id, itemId: item.itemId });
    const viaReseller = await holdOne(reseller.id, listing.variantId, 2);
    const viaSupplier = await holdOne(supplier.id, item.variantId, 3);
    const deps = { db: t.db, now: at(5) };
    const input = (storeId: string, holdId: string) => ({ storeId, holdId, reason: "stuck cart", actor: admin });

    await expectAppError(releaseHold(deps, input(stranger.id, viaReseller.id)), "NOT_FOUND");
    await expectAppError(releaseHold(deps, input(reseller.id, viaSupplier.id)), "NOT_FOUND"); // the supplier's own shoppers
    await expectAppError(releaseHold(deps, input(supplier.id, "no-such-hold")), "NOT_FOUND");

    const released = await releaseHold(deps, input(reseller.id, viaReseller.id));
    expect(released).toEqual({ id: viaReseller.id, sku: item.sku, quantity: 2, status: "RELEASED", expiresAt: viaReseller.expiresAt.toISOString(), cartId: viaReseller.cartId, orderId: null });
    const again = await expectAppError(releaseHold(deps, input(reseller.id, viaReseller.id)), "CONFLICT");
    expect(again.message).toMatch(/no longer active/);
    // The owner sees holds taken through its resellers.
    expect((await releaseHold(deps, input(supplier.id, viaSupplier.id))).status).toBe("RELEASED");
    const rows = await t.db.stockMovement.findMany({ where: { holdId: { in: [viaReseller.id, viaSupplier.id] }, kind: "RELEASE" } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.actorType === "USER" && r.reason === "stuck cart")).toBe(true);

    // An order's hold: 409, the order must be cancelled instead.
    const orderHold = await holdOne(supplier.id, item.variantId, 1);
    const order = await t.db.order.create({ data: { storeId: supplier.id, totalCents: 100, currency: "USD", paymentDeadline: at(900) } });
    await t.db.hold.update({ where: { id: orderHold.id }, data: { orderId: order.id } });
    const refused = await expectAppError(releaseHold(deps, input(supplier.id, orderHold.id)), "CONFLICT");
    expect(refused.message).toMatch(/order awaiting payment; cancel the order instead/);
    expect((await t.db.hold.findUniqueOrThrow({ where: { id: orderHold.id } })).status).toBe("ACTIVE");
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).reserved).toBe(1);
    await expectConsistent();
  });

  it("sells and releases each hold exactly once, even when called twice concurrently", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const x = await seedItem(t.db, { storeId: store.id, stock: 20 });
    const y = await seedItem(t.db, { storeId: store.id, stock: 20 });
    const deps = { db: t.db, now: at(10) };
    const toSell = [await holdOne(store.id, x.variantId, 2), await holdOne(store.id, y.variantId, 3), await holdOne(store.id, x.variantId, 1)];
    const toRelease = [await holdOne(store.id, x.variantId, 4), await holdOne(store.id, y.variantId, 5)];
    const ids = (hs: { id: string }[]) => hs.map((h) => h.id);
    const args = { reason: "paid", actor: { type: "SYSTEM" as const } };

    for (let round = 0; round < 5; round++) {
      // Reverse order in one caller: the engine locks by id whatever the input order.
      const [s1, s2, r1, r2] = await Promise.all([
        sellHolds(deps, { holdIds: ids(toSell), orderId: null, ...args }),
        sellHolds(deps, { holdIds: ids(toSell).reverse(), ...args }),
        releaseHolds(deps, { holdIds: ids(toRelease), ...args }),
        releaseHolds(deps, { holdIds: ids(toRelease).reverse(), status: "RELEASED", ...args }),
      ]);
      if (round === 0) {
        expect([...s1, ...s2].map((h) => h.holdId).sort()).toEqual(ids(toSell).sort());
        expect([...r1, ...r2].map((h) => h.holdId).sort()).toEqual(ids(toRelease).sort());
      } else {
        expect([...s1, ...s2, ...r1, ...r2]).toEqual([]);
      }
    }
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: x.itemId } })).toMatchObject({ stock: 17, reserved: 0 });
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: y.itemId } })).toMatchObject({ stock: 17, reserved: 0 });
    expect(await t.db.stockMovement.count({ where: { kind: "SALE", holdId: { in: ids(toSell) } } })).toBe(3);
    expect(await t.db.stockMovement.count({ where: { kind: "RELEASE", holdId: { in: ids(toRelease) } } })).toBe(2);

    // Selling and releasing the same hold at once: exactly one wins.
    const contested = await holdOne(store.id, y.variantId, 2);
    const [sold, freed] = await Promise.all([
      sellHolds(deps, { holdIds: [contested.id], ...args }),
      releaseHolds(deps, { holdIds: [contested.id], status: "EXPIRED", ...args }),
    ]);
    expect(sold.length + freed.length).toBe(1);
    // Inside a caller's transaction too (the checkout uses the transaction client).
    const inTx = await holdOne(store.id, x.variantId, 1);
    const [moved] = await t.db.$transaction(async (tx) => [await sellHolds({ db: tx, now: at(11) }, { holdIds: [inTx.id], orderId: null, ...args })]);
    expect(moved).toEqual([{ holdId: inTx.id, itemId: x.itemId, quantity: 1 }]);
    await expectConsistent();
  });
});
