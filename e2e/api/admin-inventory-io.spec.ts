// The admin API over HTTP, inventory in and out (API.md "Admin routes"): the all-or-nothing bulk import
// (JSON and CSV), inventory reading and paging, the CSV export, reservations — bad input refused with
// the documented 4xx while nothing changes.
import { expect, test } from "@playwright/test";
import { createProduct, createUser, itemCounters, sql } from "../support/fixtures";
import { signedInClient } from "../support/auth";
import { ADMIN, adminApiSession, books, expectError, holdAsGuest, ok } from "../support/admin-api";

// The demo store's ADMIN, signed in for this file's tests; the books are checked after them.
const session = adminApiSession();

test.describe("bulk import", () => {
  test("JSON: all rows or none", async () => {
    const a = await createProduct({ stock: 5, title: "Bulk A" });
    const b = await createProduct({ stock: 5, title: "Bulk B" });
    await holdAsGuest("demo", b.variantId, 4);
    const before = [await books(a.itemId), await books(b.itemId)];
    const url = `${ADMIN}/inventory/bulk`;

    // One unknown SKU → 400 with the row, nothing applied.
    const unknown = await expectError(
      await session.client.post(url, {
        data: {
          items: [
            { sku: a.sku, stock: 50 },
            { sku: `NOPE-${Date.now()}`, stock: 1 },
          ],
          reason: "import",
        },
      }),
      400,
      "INVALID_INPUT",
    );
    expect(unknown.details?.rows).toEqual([expect.objectContaining({ row: 2, code: "NOT_FOUND" })]);
    // One row below what is held → 409, nothing applied.
    const held = await expectError(
      await session.client.post(url, {
        data: {
          items: [
            { sku: a.sku, stock: 50 },
            { sku: b.sku, stock: 1 },
          ],
          reason: "import",
        },
      }),
      409,
      "STOCK_BELOW_RESERVED",
    );
    expect(held.details?.rows).toEqual([expect.objectContaining({ row: 2, sku: b.sku, code: "STOCK_BELOW_RESERVED" })]);
    // Shape errors.
    for (const data of [
      { items: [{ sku: a.sku, stock: 50 }] },
      { items: [], reason: "import" },
      { items: [{ sku: a.sku, stock: -1 }], reason: "import" },
      { items: [{ sku: a.sku, stock: 2 ** 40 }], reason: "import" },
      { items: [{ sku: a.sku, stock: 50, colour: "red" }], reason: "import" },
      { items: [{ sku: a.sku, stock: 50 }], reason: "import", dryRun: true },
      { items: "all", reason: "import" },
      { items: Array.from({ length: 5001 }, (_, i) => ({ sku: `S${i}`, stock: 1 })), reason: "import" },
    ]) {
      await expectError(await session.client.post(url, { data }), 400, "INVALID_INPUT");
    }
    await expectError(
      await session.client.post(url, { headers: { "Content-Type": "application/json" }, data: '{"items": [' }),
      400,
      "INVALID_INPUT",
    );
    await expectError(
      await session.client.post(url, { headers: { "Content-Type": "application/xml" }, data: "<items/>" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    await expectError(
      await session.client.post(url, {
        headers: { "Content-Type": "application/json" },
        data: `{"reason":"x","items":[],"pad":"${"x".repeat(5 * 1024 * 1024)}"}`,
      }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expect([await books(a.itemId), await books(b.itemId)]).toEqual(before);

    expect(
      await ok(
        await session.client.post(url, {
          data: {
            items: [
              { sku: a.sku, stock: 50 },
              { sku: b.sku, adjust: 1, lowStockThreshold: 2 },
            ],
            reason: "import",
          },
        }),
      ),
    ).toEqual({ updated: 2 });
    expect(await itemCounters(a.itemId)).toEqual({ stock: 50, reserved: 0 });
    expect(await itemCounters(b.itemId)).toEqual({ stock: 6, reserved: 4 });
  });

  test("CSV: header sku,stock[,lowStockThreshold], reason by query or header, all rows or none", async () => {
    const a = await createProduct({ stock: 5, title: "Csv A" });
    const b = await createProduct({ stock: 5, title: "Csv B" });
    const url = `${ADMIN}/inventory/bulk`;
    const csv = (body: string, reason: string | null = "csv import", headers: Record<string, string> = {}) =>
      session.client.post(reason === null ? url : `${url}?reason=${encodeURIComponent(reason)}`, {
        headers: { "Content-Type": "text/csv", ...headers },
        data: body,
      });
    const before = [await books(a.itemId), await books(b.itemId)];

    const bad = await expectError(await csv(`sku,stock\n${a.sku},40\n${b.sku},-3\n`), 400, "INVALID_INPUT");
    expect(bad.details?.rows).toEqual([expect.objectContaining({ row: 2, line: 3 })]);
    await expectError(await csv(`sku,qty\n${a.sku},40\n`), 400, "INVALID_INPUT");
    await expectError(await csv(`sku,stock\n`), 400, "INVALID_INPUT");
    await expectError(await csv(`sku,stock\n${a.sku},40\n`, null), 400, "INVALID_INPUT");
    await expectError(await csv(`sku,stock\n${a.sku},40\n${a.sku},41\n`), 400, "INVALID_INPUT");
    await expectError(await csv(`sku,stock\n${a.sku},"40\n`), 400, "INVALID_INPUT");
    await expectError(await csv(`sku,stock\n${a.sku},40\n${"x".repeat(5 * 1024 * 1024)}\n`), 413, "PAYLOAD_TOO_LARGE");
    expect([await books(a.itemId), await books(b.itemId)]).toEqual(before);

    expect(await ok(await csv(`SKU,Stock,lowStockThreshold\r\n${a.sku},40,7\r\n${b.sku},0,\r\n`))).toEqual({ updated: 2 });
    expect(await books(a.itemId)).toMatchObject({ stock: 40, threshold: 7 });
    expect(await books(b.itemId)).toMatchObject({ stock: 0, threshold: null });
    expect(await ok(await csv(`sku,stock\n${a.sku},41\n`, null, { "X-Reason": "from header" }))).toEqual({ updated: 1 });
    const { items } = await ok(await session.client.get(`${ADMIN}/movements?sku=${encodeURIComponent(a.sku)}&limit=1`));
    expect(items[0]).toMatchObject({ stockDelta: 1, reason: "from header" });
  });
});

test.describe("reading", () => {
  test("inventory: filter, search, cursor paging; bad queries are 400", async () => {
    const tag = `FIND-${Date.now().toString(36).toUpperCase()}`;
    await createProduct({ stock: 0, sku: `${tag}-OUT`, title: `Finder ${tag} out` });
    await createProduct({ stock: 2, sku: `${tag}-LOW`, title: `Finder ${tag} low`, lowStockThreshold: 5 });
    await createProduct({ stock: 50, sku: `${tag}-IN`, title: `Finder ${tag} in` });
    const all = await ok(await session.client.get(`${ADMIN}/inventory?q=${tag.toLowerCase()}`));
    expect(all.items.map((i: { sku: string; state: string }) => [i.sku, i.state])).toEqual([
      [`${tag}-IN`, "in_stock"],
      [`${tag}-LOW`, "low_stock"],
      [`${tag}-OUT`, "out_of_stock"],
    ]);
    expect(all.items[0]).toEqual(
      expect.objectContaining({
        sku: `${tag}-IN`,
        productTitle: `Finder ${tag} in`,
        variantTitle: "One size",
        stock: 50,
        reserved: 0,
        available: 50,
        lowStockThreshold: expect.any(Number),
        owned: true,
      }),
    );
    for (const state of ["in_stock", "low_stock", "out_of_stock"]) {
      const r = await ok(await session.client.get(`${ADMIN}/inventory?q=${tag}&state=${state}`));
      expect(r.items.map((i: { state: string }) => i.state)).toEqual([state]);
    }
    const p1 = await ok(await session.client.get(`${ADMIN}/inventory?q=${tag}&limit=2`));
    const p2 = await ok(await session.client.get(`${ADMIN}/inventory?q=${tag}&limit=2&cursor=${encodeURIComponent(p1.nextCursor)}`));
    expect([...p1.items, ...p2.items].map((i: { sku: string }) => i.sku)).toEqual(all.items.map((i: { sku: string }) => i.sku));
    expect(p2.nextCursor).toBeNull();
    for (const q of ["state=sold", "limit=0", "limit=501", "limit=abc", "cursor=garbage", `q=${"x".repeat(101)}`]) {
      await expectError(await session.client.get(`${ADMIN}/inventory?${q}`), 400, "INVALID_INPUT");
    }
    await expectError(await session.client.get(`${ADMIN}/movements?cursor=99999999999999999999`), 400, "INVALID_INPUT");
    await expectError(await session.client.get(`${ADMIN}/movements?cursor=-1`), 400, "INVALID_INPUT");
    await expectError(await session.client.get(`${ADMIN}/reservations?status=maybe`), 400, "INVALID_INPUT");
  });

  test("CSV export: an attachment, every item, spreadsheet-safe cells", async () => {
    const evil = await createProduct({ stock: 40, sku: `=HYPERLINK("x")-${Date.now()}`, title: "+SUM(A1:A9),@cmd" });
    const res = await session.client.get(`${ADMIN}/inventory.csv`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="demo-inventory\.csv"$/);
    const text = await res.text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("sku,stock,lowStockThreshold,reserved,available,state,owned,productTitle,variantTitle");
    const [{ n }] = (await sql<{ n: number }>(
      `SELECT count(DISTINCT id)::int AS n FROM (SELECT i.id FROM "InventoryItem" i JOIN "Store" s ON s.id = i."storeId" WHERE s.slug = 'demo'
       UNION SELECT v."inventoryItemId" FROM "Variant" v JOIN "Store" s ON s.id = v."storeId" WHERE s.slug = 'demo') x`,
    )) as [{ n: number }];
    expect(lines).toHaveLength(n + 1);
    const row = lines.find((l) => l.includes("HYPERLINK"));
    expect(row).toBe(`"'${evil.sku.replace(/"/g, '""')}",40,,0,40,in_stock,true,"'+SUM(A1:A9),@cmd",One size`);
    expect(lines.some((l) => /^[=+\-@]/.test(l) || /,[=+\-@]/.test(l.replace(/"[^"]*"/g, "")))).toBe(false);
  });

  test("reservations: listed, released (units return), and only this store's", async () => {
    const p = await createProduct({ stock: 6, title: "Release Me" });
    await holdAsGuest("demo", p.variantId, 4);
    const { items } = await ok(await session.client.get(`${ADMIN}/reservations?sku=${encodeURIComponent(p.sku)}`));
    expect(items).toEqual([
      expect.objectContaining({
        sku: p.sku,
        quantity: 4,
        status: "ACTIVE",
        expiresAt: expect.any(String),
        cartId: expect.any(String),
        orderId: null,
      }),
    ]);
    const holdId = items[0].id as string;

    // Not visible through a store that neither took it nor owns the item.
    const stranger = await signedInClient(await createUser({ store: "outlet", role: "OWNER" }));
    try {
      expect(
        (await ok(await stranger.get(`/api/stores/outlet/admin/reservations?status=all`))).items.find(
          (h: { id: string }) => h.id === holdId,
        ),
      ).toBeUndefined();
      await expectError(await stranger.delete(`/api/stores/outlet/admin/reservations/${holdId}`), 404, "NOT_FOUND");
    } finally {
      await stranger.dispose();
    }
    expect(await itemCounters(p.itemId)).toEqual({ stock: 6, reserved: 4 });

    const released = await ok(await session.client.delete(`${ADMIN}/reservations/${holdId}?reason=${encodeURIComponent("stuck cart")}`));
    expect(released.hold).toMatchObject({ id: holdId, status: "RELEASED", quantity: 4 });
    expect(await itemCounters(p.itemId)).toEqual({ stock: 6, reserved: 0 });
    const { items: moves } = await ok(await session.client.get(`${ADMIN}/movements?sku=${encodeURIComponent(p.sku)}&limit=1`));
    expect(moves[0]).toMatchObject({
      kind: "RELEASE",
      reservedDelta: -4,
      reason: "stuck cart",
      actor: { type: "USER", label: session.email },
    });
    expect((await ok(await session.client.get(`${ADMIN}/reservations?sku=${encodeURIComponent(p.sku)}`))).items).toEqual([]);
    expect(
      (await ok(await session.client.get(`${ADMIN}/reservations?status=released&sku=${encodeURIComponent(p.sku)}`))).items,
    ).toHaveLength(1);

    await expectError(await session.client.delete(`${ADMIN}/reservations/${holdId}`), 409, "CONFLICT");
    await expectError(await session.client.delete(`${ADMIN}/reservations/no-such-hold`), 404, "NOT_FOUND");
    expect(await itemCounters(p.itemId)).toEqual({ stock: 6, reserved: 0 });
  });
});
