import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createTestProduct, createTestStore, newGuest } from "@/lib/testing/cart-fixtures";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getStockLevels } from "@/lib/inventory/availability";
import { listInventory, type AdminInventoryItem } from "@/lib/admin/list-inventory";
import { seedItems } from "@/lib/testing/admin-fixtures";

const N = 5000;
let t: TestDb;
const now = new Date("2026-11-22T10:00:00.000Z");

async function listAll(
  storeId: string,
  opts: { state?: "in_stock" | "low_stock" | "out_of_stock" | "coming_soon"; q?: string; limit?: number } = {},
  at = now,
) {
  const items: AdminInventoryItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listInventory(
      { db: t.db, now: at },
      { storeId, limit: opts.limit ?? 500, cursor, state: opts.state, q: opts.q },
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 1000);
  return items;
}

describe("listInventory", () => {
  let supplier: { id: string; lowStockDefault: number };
  let reseller: { id: string };

  beforeAll(async () => {
    t = await createTestDb();
    supplier = await createTestStore(t.db, { lowStockDefault: 5 });
    reseller = await createTestStore(t.db);
    // n % 10 = 0: sold out; n % 10 = 1: 3 left (low, default threshold 5); otherwise 50.
    await seedItems(t.db, {
      storeId: supplier.id,
      count: N,
      prefix: "BULK",
      stockSql: "CASE WHEN n % 10 = 0 THEN 0 WHEN n % 10 = 1 THEN 3 ELSE 50 END",
    });
    await seedItems(t.db, { storeId: reseller.id, count: 20, prefix: "OWN" });
  }, 120_000);

  afterAll(async () => {
    await t?.drop();
  });

  it("pages through 5,000 items by SKU, each once, fast", async () => {
    const started = performance.now();
    const first = await listInventory({ db: t.db, now }, { storeId: supplier.id, limit: 50 });
    const firstPageMs = performance.now() - started;
    expect(first.items).toHaveLength(50);
    expect(first.items[0]?.sku).toBe("BULK-00001");
    expect(first.nextCursor).not.toBeNull();

    const all = await listAll(supplier.id, { limit: 700 });
    const skus = all.map((i) => i.sku);
    expect(new Set(skus).size).toBe(N);
    expect(skus).toEqual([...skus].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(all.every((i) => i.owned)).toBe(true);
    console.info(`[list-inventory] first page of ${N} items: ${firstPageMs.toFixed(1)} ms`);
    expect(firstPageMs).toBeLessThan(2000);
  });

  it("filters by state with the storefront's rule", async () => {
    const started = performance.now();
    const low = await listInventory({ db: t.db, now }, { storeId: supplier.id, limit: 50, state: "low_stock" });
    const filteredMs = performance.now() - started;
    console.info(`[list-inventory] first low_stock page of ${N} items: ${filteredMs.toFixed(1)} ms`);
    expect(
      low.items.every(
        (i) => i.state === "low_stock" && i.available === 3 && i.lowStockThreshold === 5 && i.lowStockThresholdIsDefault,
      ),
    ).toBe(true);

    expect((await listAll(supplier.id, { state: "out_of_stock" })).length).toBe(N / 10);
    expect((await listAll(supplier.id, { state: "low_stock" })).length).toBe(N / 10);
    const inStock = await listAll(supplier.id, { state: "in_stock" });
    expect(inStock.length).toBe(N - N / 5);
    expect(inStock.every((i) => i.available === 50 && i.state === "in_stock")).toBe(true);
  });

  it("searches SKUs and this store's product titles, case-insensitively, wildcards literal", async () => {
    const p = await createTestProduct(t.db, { storeId: supplier.id, stock: 7, title: "Midnight Blue Hoodie" });
    const bySku = await listAll(supplier.id, { q: "bulk-0012" });
    expect(bySku.map((i) => i.sku)).toEqual(Array.from({ length: 10 }, (_, k) => `BULK-0012${k}`));
    const byTitle = await listAll(supplier.id, { q: "midnight BLUE" });
    expect(byTitle).toHaveLength(1);
    expect(byTitle[0]).toMatchObject({
      id: p.itemId,
      productTitle: "Midnight Blue Hoodie",
      variantTitle: "Size 0",
      stock: 7,
      owned: true,
    });
    expect(await listAll(supplier.id, { q: "%" })).toHaveLength(0);
    expect(await listAll(supplier.id, { q: "_" })).toHaveLength(0);
  });

  it("counts lapsed cart holds as available, like the storefront, and agrees with getStockLevels", async () => {
    const p = await createTestProduct(t.db, { storeId: supplier.id, stock: 4, lowStockThreshold: 1, title: "Lapse Test" });
    await setCartLine({ db: t.db, now }, { ...newGuest(supplier.id), variantId: p.variantId, mode: "add", quantity: 4 });
    const [held] = await listAll(supplier.id, { q: "Lapse Test" });
    expect(held).toMatchObject({
      stock: 4,
      reserved: 4,
      available: 0,
      state: "out_of_stock",
      lowStockThreshold: 1,
      lowStockThresholdIsDefault: false,
    });

    const later = new Date(now.getTime() + 24 * 3600 * 1000);
    const [lapsed] = await listAll(supplier.id, { q: "Lapse Test" }, later);
    expect(lapsed).toMatchObject({ stock: 4, reserved: 4, available: 4, state: "in_stock" });
    expect((await listAll(supplier.id, { state: "out_of_stock", q: "Lapse Test" }, later)).length).toBe(0);

    for (const at of [now, later]) {
      const [level] = await getStockLevels({ db: t.db, now: at }, { storeId: supplier.id, variantIds: [p.variantId] });
      const [item] = await listAll(supplier.id, { q: "Lapse Test" }, at);
      expect({ available: item?.available, state: item?.state }).toEqual({ available: level?.available, state: level?.state });
    }
  });

  it("shows a drop before its release as coming_soon, like its product page, whatever its stock; released, it is in stock", async () => {
    const releaseAt = new Date(now.getTime() + 3600_000);
    const drop = await createTestProduct(t.db, { storeId: supplier.id, stock: 10, title: "Drop Soon", releaseAt });
    const empty = await createTestProduct(t.db, { storeId: supplier.id, stock: 0, title: "Drop Empty", releaseAt });
    // An item with one listing on sale and one before its release can be bought: not coming soon.
    const both = await createTestProduct(t.db, { storeId: supplier.id, stock: 10, title: "Drop Both" });
    await createTestProduct(t.db, {
      storeId: supplier.id,
      itemId: both.itemId,
      stock: 10,
      title: "Drop Both Later",
      releaseAt,
      position: 5,
    });
    // An ended drop is not coming: its state is the stock's.
    await createTestProduct(t.db, {
      storeId: supplier.id,
      stock: 10,
      title: "Drop Ended",
      releaseAt,
      endsAt: new Date(now.getTime() - 1000),
    });

    const state = async (q: string, at = now) => (await listAll(supplier.id, { q }, at)).map((i) => i.state);
    expect(await state("Drop Soon")).toEqual(["coming_soon"]);
    expect(await state("Drop Empty")).toEqual(["coming_soon"]);
    expect(await state("Drop Both")).toEqual(["in_stock"]);
    expect(await state("Drop Ended")).toEqual(["in_stock"]);
    expect((await listAll(supplier.id, { state: "coming_soon", q: "Drop" })).map((i) => i.productTitle).sort()).toEqual([
      "Drop Empty",
      "Drop Soon",
    ]);
    expect((await listAll(supplier.id, { state: "in_stock", q: "Drop Soon" })).length).toBe(0);
    expect((await listAll(supplier.id, { state: "out_of_stock", q: "Drop Empty" })).length).toBe(0);
    // The storefront says the same of the drop (getStockLevels: the product page's badge).
    for (const p of [drop, empty]) {
      const [level] = await getStockLevels({ db: t.db, now }, { storeId: supplier.id, variantIds: [p.variantId] });
      expect(level?.state).toBe("coming_soon");
    }

    const released = new Date(releaseAt.getTime() + 1000);
    expect(await state("Drop Soon", released)).toEqual(["in_stock"]);
    expect(await state("Drop Empty", released)).toEqual(["out_of_stock"]);
    expect((await listAll(supplier.id, { state: "coming_soon", q: "Drop" }, released)).length).toBe(0);
  });

  it("shows a reseller the supplier items it lists as owned: false, under its own titles, and nothing else of the supplier", async () => {
    const supplierProduct = await createTestProduct(t.db, { storeId: supplier.id, stock: 9, title: "Supplier Title" });
    await createTestProduct(t.db, {
      storeId: reseller.id,
      ownerStoreId: supplier.id,
      itemId: supplierProduct.itemId,
      stock: 0,
      title: "Outlet Title",
    });

    const resellerItems = await listAll(reseller.id);
    expect(resellerItems).toHaveLength(21);
    const listed = resellerItems.filter((i) => !i.owned);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: supplierProduct.itemId, productTitle: "Outlet Title", stock: 9 });
    expect(resellerItems.filter((i) => i.owned).every((i) => i.sku.startsWith("OWN-"))).toBe(true);

    // The supplier sees its item under its own title; the reseller's title never shows up there.
    const [own] = await listAll(supplier.id, { q: "Supplier Title" });
    expect(own).toMatchObject({ id: supplierProduct.itemId, owned: true, productTitle: "Supplier Title" });
    expect(await listAll(supplier.id, { q: "Outlet Title" })).toHaveLength(0);
    // Tenancy the other way: the supplier's list never includes the reseller's own items.
    expect(await listAll(supplier.id, { q: "OWN-" })).toHaveLength(0);
  });

  it("pages stably when an owned and a listed item share a SKU", async () => {
    const other = await createTestStore(t.db);
    const mine = await createTestStore(t.db);
    await seedItems(t.db, { storeId: other.id, count: 3, prefix: "DUP" });
    await seedItems(t.db, { storeId: mine.id, count: 3, prefix: "DUP" });
    const theirs = await t.db.inventoryItem.findMany({ where: { storeId: other.id }, select: { id: true } });
    for (const item of theirs)
      await createTestProduct(t.db, { storeId: mine.id, ownerStoreId: other.id, itemId: item.id, stock: 0 });
    const all = await listAll(mine.id, { limit: 1 });
    expect(all).toHaveLength(6);
    expect(new Set(all.map((i) => i.id)).size).toBe(6);
    expect(all.map((i) => i.sku)).toEqual(["DUP-00001", "DUP-00001", "DUP-00002", "DUP-00002", "DUP-00003", "DUP-00003"]);
  });
});
