// The admin API over HTTP (API.md "Admin routes"): who may call it (session member or store token),
// stock changes with who/why in the ledger, settings — and bad input refused with the documented 4xx
// while nothing changes. The bulk import, the CSV export and reservations: admin-inventory-io.spec.ts.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { APP_URL, createProduct, createUser, itemCounters, listReseller, newId, sql } from "../support/fixtures";
import { adminToken, signedInClient, tokenClient } from "../support/auth";
import { ADMIN, adminApiSession, books, expectError, holdAsGuest, ok } from "../support/admin-api";

// The demo store's ADMIN, signed in for this file's tests; the books are checked after them.
const session = adminApiSession();

test.describe("access", () => {
  const routes: Array<[string, string]> = [
    ["GET", `${ADMIN}/inventory`],
    ["PATCH", `${ADMIN}/inventory/ANY-SKU`],
    ["POST", `${ADMIN}/inventory/bulk`],
    ["GET", `${ADMIN}/inventory.csv`],
    ["GET", `${ADMIN}/reservations`],
    ["DELETE", `${ADMIN}/reservations/some-hold`],
    ["GET", `${ADMIN}/movements`],
    ["GET", `${ADMIN}/settings`],
    ["PATCH", `${ADMIN}/settings`],
    ["GET", `${ADMIN}/tokens`],
    ["POST", `${ADMIN}/tokens`],
    ["DELETE", `${ADMIN}/tokens/some-token`],
  ];

  test("no credentials: 401 on every admin route; a shopper: 403; an unknown store: 404", async () => {
    const anonymous = await playwrightRequest.newContext({ baseURL: APP_URL });
    const shopper = await signedInClient(await createUser());
    try {
      for (const [method, url] of routes) {
        await expectError(await anonymous.fetch(url, { method, data: {} }), 401, "UNAUTHENTICATED");
        await expectError(await shopper.fetch(url, { method, data: {} }), 403, "FORBIDDEN");
        await expectError(
          await session.client.fetch(url.replace("/stores/demo/", "/stores/no-such-store/"), { method, data: {} }),
          404,
          "NOT_FOUND",
        );
      }
    } finally {
      await anonymous.dispose();
      await shopper.dispose();
    }
  });

  test("a store token works for its store only, never mints tokens, and stops once revoked", async () => {
    const created = await ok(await session.client.post(`${ADMIN}/tokens`, { data: { name: "ERP" } }), 201);
    expect(created.token).toMatchObject({
      id: expect.any(String),
      name: "ERP",
      prefix: created.secret.slice(0, 10),
      revokedAt: null,
    });
    expect(created.secret).toMatch(/^shop_[A-Za-z0-9_-]{32,}$/);
    const listed = await ok(await session.client.get(`${ADMIN}/tokens`));
    expect(listed.items.find((t: { id: string }) => t.id === created.token.id)).toMatchObject({
      name: "ERP",
      prefix: created.token.prefix,
    });
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const erp = await tokenClient(created.secret);
    const outletErp = await tokenClient(await adminToken("outlet"));
    const garbage = await tokenClient("shop_" + "x".repeat(32));
    const malformed = await playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { Authorization: "Basic abc" } });
    try {
      expect((await ok(await erp.get(`${ADMIN}/inventory?limit=1`))).items).toHaveLength(1);
      await expectError(await outletErp.get(`${ADMIN}/inventory`), 401, "UNAUTHENTICATED");
      await expectError(await garbage.get(`${ADMIN}/inventory`), 401, "UNAUTHENTICATED");
      await expectError(await malformed.get(`${ADMIN}/inventory`), 401, "UNAUTHENTICATED");
      // Tokens cannot manage tokens.
      await expectError(await erp.post(`${ADMIN}/tokens`, { data: { name: "escalate" } }), 403, "FORBIDDEN");
      await expectError(await erp.get(`${ADMIN}/tokens`), 403, "FORBIDDEN");
      await expectError(await erp.delete(`${ADMIN}/tokens/${created.token.id}`), 403, "FORBIDDEN");

      const revoked = await ok(await session.client.delete(`${ADMIN}/tokens/${created.token.id}`));
      expect(revoked.token.revokedAt).toEqual(expect.any(String));
      await expectError(await erp.get(`${ADMIN}/inventory`), 401, "UNAUTHENTICATED");
      // Another store's token id is not found here.
      const [outletToken] = await sql<{ id: string }>(
        `SELECT t.id FROM "ApiToken" t JOIN "Store" s ON s.id = t."storeId" WHERE s.slug = 'outlet' LIMIT 1`,
      );
      await expectError(await session.client.delete(`${ADMIN}/tokens/${outletToken!.id}`), 404, "NOT_FOUND");
      await expectError(await session.client.post(`${ADMIN}/tokens`, { data: { name: "x", scope: "all" } }), 400, "INVALID_INPUT");
      await expectError(await session.client.post(`${ADMIN}/tokens`, { data: { name: "" } }), 400, "INVALID_INPUT");
    } finally {
      await Promise.all([erp.dispose(), outletErp.dispose(), garbage.dispose(), malformed.dispose()]);
    }
  });
});

test.describe("stock", () => {
  test("an adjustment with a reason lands in the ledger with who did it", async () => {
    const p = await createProduct({ stock: 10, title: "Adjust Me" });
    const r1 = await ok(await session.client.patch(`${ADMIN}/inventory/${p.sku}`, { data: { stock: 25, reason: "cycle count" } }));
    expect(r1.item).toMatchObject({ sku: p.sku, stock: 25, reserved: 0, available: 25, owned: true });
    const r2 = await ok(
      await session.client.patch(`${ADMIN}/inventory/${p.sku}`, { data: { adjust: -5, lowStockThreshold: 3, reason: "damaged" } }),
    );
    expect(r2.item).toMatchObject({ stock: 20, lowStockThreshold: 3 });

    const token = await tokenClient(await adminToken("demo", "ERP nightly"));
    try {
      await ok(await token.patch(`${ADMIN}/inventory/${p.sku}`, { data: { stock: 30, reason: "ERP sync" } }));
    } finally {
      await token.dispose();
    }
    const { items } = await ok(await session.client.get(`${ADMIN}/movements?sku=${encodeURIComponent(p.sku)}`));
    expect(items.map((m: { kind: string; stockDelta: number; reason: string }) => [m.kind, m.stockDelta, m.reason])).toEqual([
      ["ADJUST", 10, "ERP sync"],
      ["ADJUST", -5, "damaged"],
      ["ADJUST", 15, "cycle count"],
      ["ADJUST", 10, "opening stock"],
    ]);
    expect(items[0].actor).toMatchObject({ type: "TOKEN", label: expect.stringContaining("ERP nightly") });
    expect(items[1].actor).toMatchObject({ type: "USER", label: session.email });
    expect(items.every((m: { id: string }) => /^\d+$/.test(m.id))).toBe(true);
    const page = await ok(await session.client.get(`${ADMIN}/movements?sku=${encodeURIComponent(p.sku)}&limit=3`));
    const rest = await ok(
      await session.client.get(`${ADMIN}/movements?sku=${encodeURIComponent(p.sku)}&limit=3&cursor=${page.nextCursor}`),
    );
    expect([...page.items, ...rest.items].map((m: { id: string }) => m.id)).toEqual(items.map((m: { id: string }) => m.id));
  });

  test("a SKU with spaces, slashes or percent signs is addressed URL-encoded", async () => {
    const sku = `E2E odd/sku 100%-${Date.now()}`;
    const p = await createProduct({ stock: 3, sku });
    const res = await ok(
      await session.client.patch(`${ADMIN}/inventory/${encodeURIComponent(sku)}`, { data: { adjust: 2, reason: "odd sku" } }),
    );
    expect(res.item).toMatchObject({ sku, stock: 5 });
    expect(await itemCounters(p.itemId)).toEqual({ stock: 5, reserved: 0 });
  });

  test("below what is held: 409 STOCK_BELOW_RESERVED and nothing changes", async () => {
    const p = await createProduct({ stock: 5, title: "Held Down" });
    await holdAsGuest("demo", p.variantId, 3);
    const before = await books(p.itemId);
    const err = await expectError(
      await session.client.patch(`${ADMIN}/inventory/${p.sku}`, { data: { stock: 2, reason: "recount" } }),
      409,
      "STOCK_BELOW_RESERVED",
    );
    expect(err.details).toMatchObject({ reserved: 3, requested: 2 });
    await expectError(
      await session.client.patch(`${ADMIN}/inventory/${p.sku}`, { data: { adjust: -3, reason: "recount" } }),
      409,
      "STOCK_BELOW_RESERVED",
    );
    expect(await books(p.itemId)).toEqual(before);
    expect(
      (await ok(await session.client.patch(`${ADMIN}/inventory/${p.sku}`, { data: { stock: 3, reason: "recount" } }))).item,
    ).toMatchObject({ stock: 3, reserved: 3, available: 0, state: "out_of_stock" });
  });

  test("bad input on PATCH is a 4xx and changes nothing", async () => {
    const p = await createProduct({ stock: 5, title: "Patch Guard" });
    const before = await books(p.itemId);
    const url = `${ADMIN}/inventory/${p.sku}`;
    for (const data of [
      { stock: 3 },
      { stock: 3, reason: "" },
      { stock: -1, reason: "x" },
      { stock: 1.5, reason: "x" },
      { stock: "3", reason: "x" },
      { stock: 1e12, reason: "x" },
      { adjust: 9_999_999_999, reason: "x" },
      { stock: 3, adjust: 1, reason: "x" },
      { reason: "nothing to change" },
      { stock: 3, reason: "x", reserved: 0 },
      { lowStockThreshold: -2, reason: "x" },
    ]) {
      await expectError(await session.client.patch(url, { data }), 400, "INVALID_INPUT");
    }
    await expectError(
      await session.client.patch(url, { headers: { "Content-Type": "application/json" }, data: "{stock: 3" }),
      400,
      "INVALID_INPUT",
    );
    await expectError(await session.client.patch(url, { data: { stock: 3, reason: "x".repeat(20_000) } }), 413, "PAYLOAD_TOO_LARGE");
    await expectError(
      await session.client.patch(`${ADMIN}/inventory/NO-SUCH-SKU-${Date.now()}`, { data: { stock: 3, reason: "x" } }),
      404,
      "NOT_FOUND",
    );
    expect(await books(p.itemId)).toEqual(before);
  });

  test("a reseller (session or token) sees the supplier's item as owned: false and cannot change it (403)", async () => {
    const p = await createProduct({ stock: 8, title: "Shared Units" });
    const listing = await listReseller({ itemId: p.itemId, title: `Outlet ${p.sku}` });
    const outletAdmin = await signedInClient(await createUser({ store: "outlet", role: "ADMIN" }));
    const outletToken = await tokenClient(await adminToken("outlet"));
    try {
      const seen = await ok(await outletAdmin.get(`/api/stores/outlet/admin/inventory?q=${encodeURIComponent(p.sku)}`));
      expect(seen.items).toEqual([
        expect.objectContaining({ sku: p.sku, owned: false, stock: 8, productTitle: `Outlet ${p.sku}` }),
      ]);
      const before = await books(p.itemId);
      for (const client of [outletAdmin, outletToken]) {
        await expectError(
          await client.patch(`/api/stores/outlet/admin/inventory/${p.sku}`, { data: { stock: 100, reason: "mine now" } }),
          403,
          "FORBIDDEN",
        );
        const bulk = await expectError(
          await client.post(`/api/stores/outlet/admin/inventory/bulk`, {
            data: { items: [{ sku: p.sku, stock: 100 }], reason: "mine now" },
          }),
          400,
          "INVALID_INPUT",
        );
        expect(bulk.details?.rows).toEqual([expect.objectContaining({ row: 1, sku: p.sku, code: "FORBIDDEN" })]);
      }
      expect(await books(p.itemId)).toEqual(before);
      expect(listing.variantId).toBeTruthy();
    } finally {
      await outletAdmin.dispose();
      await outletToken.dispose();
    }
  });
});

test.describe("settings", () => {
  test("read, change within bounds; anything else is 400 and changes nothing", async () => {
    // A store of this spec's own, so the demo store's settings never move under other specs.
    const slug = `adm-${Date.now().toString(36)}`;
    await sql(`INSERT INTO "Store" (id, slug, name, currency, "updatedAt") VALUES ($1, $2, 'Settings Co', 'USD', now())`, [
      newId(),
      slug,
    ]);
    const owner = await signedInClient(await createUser({ store: slug, role: "OWNER" }));
    const url = `/api/stores/${slug}/admin/settings`;
    try {
      const initial = { reservationTtlSeconds: 900, paymentTimeoutSeconds: 1800, maxHoldExtensions: 2, lowStockDefault: 5, offerTtlSeconds: 600 };
      expect(await ok(await owner.get(url))).toEqual({ settings: initial });
      for (const data of [
        {},
        { reservationTtlSeconds: 9 },
        { reservationTtlSeconds: 86_401 },
        { paymentTimeoutSeconds: 59 },
        { maxHoldExtensions: 11 },
        { lowStockDefault: -1 },
        { lowStockDefault: 1e300 },
        { reservationTtlSeconds: 60.5 },
        { reservationTtlSeconds: "600" },
        { reservationTtlSeconds: null },
        { reservationTtlSeconds: 600, currency: "EUR" },
        [600],
      ]) {
        await expectError(await owner.patch(url, { data: data as object }), 400, "INVALID_INPUT");
      }
      await expectError(
        await owner.patch(url, { headers: { "Content-Type": "application/json" }, data: "{" }),
        400,
        "INVALID_INPUT",
      );
      await expectError(
        await owner.patch(url, { data: { lowStockDefault: 1, pad: "x".repeat(20_000) } }),
        413,
        "PAYLOAD_TOO_LARGE",
      );
      expect(await ok(await owner.get(url))).toEqual({ settings: initial });

      expect(await ok(await owner.patch(url, { data: { reservationTtlSeconds: 600, maxHoldExtensions: 0 } }))).toEqual({
        settings: { ...initial, reservationTtlSeconds: 600, maxHoldExtensions: 0 },
      });
      // The demo admin is not a member of this store.
      await expectError(await session.client.patch(url, { data: { lowStockDefault: 1 } }), 403, "FORBIDDEN");
    } finally {
      await owner.dispose();
    }
  });
});
