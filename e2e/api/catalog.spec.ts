// The catalogue admin API over real HTTP (API.md "Catalog and stores (admin)" and "Safe writes"):
// who may call each route, products and variants with every documented refusal, the duplicate-SKU
// race, archive and grants with their shopper-facing effects, Idempotency-Key and expectedStock, and
// a store opened from the command line that works at once.
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { APP_URL, E2E_DATABASE_URL, checkInvariants, createUser, newId, sql } from "../support/fixtures";
import { adminToken, signedInClient, tokenClient } from "../support/auth";
import { expectError } from "../support/api-errors";
import { runOps } from "../../lib/testing/ops-process";

const DEMO = "/api/stores/demo/admin";
const tag = () => Math.random().toString(36).slice(2, 8);


async function ok(res: APIResponse, status = 200) {
  expect(res.status(), `${res.url()} → ${await res.text()}`).toBe(status);
  return res.json();
}

/** Guests made by guestAdd, disposed after the file (their responses are read after the call). */
const guests: APIRequestContext[] = [];

/** A guest (own cookie jar, a new one unless given) adding to the cart through the public API. */
async function guestAdd(store: string, variantId: string, quantity: number, guest?: APIRequestContext) {
  let client = guest;
  if (!client) guests.push((client = await playwrightRequest.newContext({ baseURL: APP_URL })));
  return client.post(`/api/stores/${store}/cart/items`, { data: { variantId, quantity } });
}

async function newStore(): Promise<string> {
  const slug = `e2e-shop-${tag()}`;
  await sql(`INSERT INTO "Store" (id, slug, name, "updatedAt") VALUES ($1, $2, $3, now())`, [newId(), slug, `Shop ${slug}`]);
  return slug;
}

let erp: APIRequestContext;

test.beforeAll(async () => {
  erp = await tokenClient(await adminToken("demo", "catalog ERP"));
});

test.afterAll(async () => {
  await Promise.all([erp?.dispose(), ...guests.map((g) => g.dispose())]);
  await checkInvariants();
});

test("authorization: 401 without or with another store's credentials, 403 for a shopper, 404 for an unknown store", async () => {
  const routes: Array<[string, string]> = [
    ["GET", `${DEMO}/products`],
    ["POST", `${DEMO}/products`],
    ["GET", `${DEMO}/products/some-id`],
    ["PATCH", `${DEMO}/products/some-id`],
    ["POST", `${DEMO}/products/some-id/variants`],
    ["PATCH", `${DEMO}/products/some-id/variants/v`],
    ["DELETE", `${DEMO}/products/some-id/variants/v`],
    ["GET", `${DEMO}/resellers`],
    ["POST", `${DEMO}/resellers`],
    ["DELETE", `${DEMO}/resellers/outlet`],
    ["GET", `${DEMO}/suppliers`],
    ["GET", `${DEMO}/supplier-items`],
  ];
  const anonymous = await playwrightRequest.newContext({ baseURL: APP_URL });
  const shopper = await signedInClient(await createUser());
  const outletToken = await tokenClient(await adminToken("outlet"));
  try {
    for (const [method, url] of routes) {
      await expectError(await anonymous.fetch(url, { method, data: {} }), 401, "UNAUTHENTICATED");
      await expectError(await shopper.fetch(url, { method, data: {} }), 403, "FORBIDDEN");
      // A reseller's (outlet's) token cannot touch the supplier's (demo's) catalogue.
      await expectError(await outletToken.fetch(url, { method, data: {} }), 401, "UNAUTHENTICATED");
      await expectError(await erp.fetch(url.replace("/stores/demo/", "/stores/no-such-store/"), { method, data: {} }), 404, "NOT_FOUND");
    }
  } finally {
    await Promise.all([anonymous.dispose(), shopper.dispose(), outletToken.dispose()]);
  }
});

test("products: create with variants, list, read, update, archive; every refusal is a clear 4xx that changes nothing", async () => {
  const t = tag();
  const sku = (s: string) => `E2E-${t}-${s}`.toUpperCase();
  const created = await ok(
    await erp.post(`${DEMO}/products`, {
      data: {
        title: `Ridge Hoodie ${t}`,
        description: "Brushed fleece.",
        imageUrl: "/products/classic-tee.svg",
        variants: [
          { sku: sku("S"), title: "S", priceCents: 5900, stock: 4 },
          { sku: sku("M"), title: "M", priceCents: 5900, stock: 6, lowStockThreshold: 2 },
        ],
      },
    }),
    201,
  );
  const product = created.product;
  expect(product).toMatchObject({ slug: `ridge-hoodie-${t}`, status: "DRAFT", imageUrl: "/products/classic-tee.svg", releaseAt: null, perCustomerLimit: null });
  expect(product.variants.map((v: { sku: string; stock: number; owned: boolean; supplierStore: null }) => [v.sku, v.stock, v.owned, v.supplierStore])).toEqual([
    [sku("S"), 4, true, null],
    [sku("M"), 6, true, null],
  ]);
  const [opening] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "StockMovement" m JOIN "InventoryItem" i ON i.id = m."inventoryItemId" WHERE i.sku = $1 AND m.kind = 'ADJUST' AND m.reason = 'opening stock'`,
    [sku("M")],
  );
  expect(opening?.n).toBe(1);

  const count = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Product"`))[0]!.n;
  const before = await count();
  const post = (data: unknown) => erp.post(`${DEMO}/products`, { data });
  const base = { title: `Other ${t}`, variants: [{ sku: sku("X"), title: "X", priceCents: 100 }] };
  expect((await expectError(await post({ ...base, slug: product.slug }), 409, "CONFLICT")).details).toMatchObject({ field: "slug" });
  expect((await expectError(await post({ ...base, variants: [{ sku: sku("Y"), title: "Y", priceCents: 1, stock: 3 }, { sku: sku("S"), title: "S", priceCents: 1 }] }), 409, "CONFLICT")).details).toMatchObject({ field: "sku" });
  for (const priceCents of [-1, 1.5, 100_000_001, "100"]) {
    await expectError(await post({ ...base, variants: [{ sku: sku("P"), title: "P", priceCents }] }), 400, "INVALID_INPUT");
  }
  await expectError(await post({ ...base, releaseAt: "2030-01-02T00:00:00Z", endsAt: "2030-01-01T00:00:00Z" }), 400, "INVALID_INPUT");
  await expectError(await post({ ...base, title: "nul\u0000byte" }), 400, "INVALID_INPUT");
  await expectError(await post({ ...base, title: "x".repeat(201) }), 400, "INVALID_INPUT");
  await expectError(await post({ ...base, variants: [{ sku: "bad sku", title: "X", priceCents: 1 }] }), 400, "INVALID_INPUT");
  await expectError(await post({ ...base, imageUrl: "javascript:alert(1)" }), 400, "INVALID_INPUT");
  await expectError(await post({ ...base, perCustomerLimit: 0 }), 400, "INVALID_INPUT");
  await expectError(await post({ ...base, variants: [] }), 400, "INVALID_INPUT");
  await expectError(await erp.post(`${DEMO}/products`, { headers: { "Content-Type": "application/json" }, data: "{not json" }), 400, "INVALID_INPUT");
  expect(await count()).toBe(before);
  expect((await sql(`SELECT 1 FROM "InventoryItem" WHERE sku = ANY($1)`, [[sku("X"), sku("Y"), sku("P")]])).length).toBe(0);

  // List (status filter, search, paging) and read; tenancy: outlet cannot see demo's product.
  const drafts = await ok(await erp.get(`${DEMO}/products?status=DRAFT&q=${encodeURIComponent(`hoodie ${t}`)}`));
  expect(drafts.items.map((p: { id: string }) => p.id)).toEqual([product.id]);
  const page = await ok(await erp.get(`${DEMO}/products?limit=1`));
  expect(page.items).toHaveLength(1);
  expect(page.nextCursor).toEqual(expect.any(String));
  await expectError(await erp.get(`${DEMO}/products?status=GONE`), 400, "INVALID_INPUT");
  await expectError(await erp.get(`${DEMO}/products?cursor=zzz`), 400, "INVALID_INPUT");
  expect((await ok(await erp.get(`${DEMO}/products/${product.id}`))).product.id).toBe(product.id);
  const outlet = await tokenClient(await adminToken("outlet"));
  try {
    await expectError(await outlet.get(`/api/stores/outlet/admin/products/${product.id}`), 404, "NOT_FOUND");
    await expectError(await outlet.patch(`/api/stores/outlet/admin/products/${product.id}`, { data: { title: "Mine" } }), 404, "NOT_FOUND");
    // The reseller cannot change the supplier's stock either (it lists TEE-NAVY-M).
    await expectError(await outlet.patch(`/api/stores/outlet/admin/inventory/TEE-NAVY-M`, { data: { stock: 1, reason: "x" } }), 403, "FORBIDDEN");
  } finally {
    await outlet.dispose();
  }

  // Publish with a drop window and a per-customer limit: the shopper-facing effects are today's.
  const releaseAt = new Date(Date.now() + 3_600_000).toISOString();
  const patch = (data: unknown) => erp.patch(`${DEMO}/products/${product.id}`, { data });
  const published = (await ok(await patch({ status: "ACTIVE", releaseAt, perCustomerLimit: 2 }))).product;
  expect(published).toMatchObject({ status: "ACTIVE", releaseAt, perCustomerLimit: 2 });
  const small = product.variants[0].id as string;
  expect((await expectError(await guestAdd("demo", small, 1), 409, "NOT_RELEASED")).details).toEqual({ releaseAt });
  const browser = await playwrightRequest.newContext({ baseURL: APP_URL });
  guests.push(browser);
  const stock = await ok(await browser.get(`/api/stores/demo/stock?variantIds=${small}`));
  expect(JSON.stringify(stock)).toContain("coming_soon");
  await expectError(await patch({ endsAt: new Date(Date.now() - 1000).toISOString() }), 400, "INVALID_INPUT");
  await expectError(await patch({ slug: "Not A Slug" }), 400, "INVALID_INPUT");
  // PATCH to a slug the store already has: 409 CONFLICT slug, and the product keeps its own.
  const twin = (await ok(await post({ title: `Twin ${t}`, variants: [{ sku: sku("TWIN"), title: "T", priceCents: 100 }] }), 201)).product;
  expect((await expectError(await patch({ slug: twin.slug, title: "Renamed" }), 409, "CONFLICT")).details).toMatchObject({ field: "slug", slug: twin.slug });
  expect((await ok(await erp.get(`${DEMO}/products/${product.id}`))).product).toMatchObject({ slug: product.slug, title: product.title });
  await expectError(await patch({ unknown: 1 }), 400, "INVALID_INPUT");
  await expectError(await patch({}), 400, "INVALID_INPUT");
  await ok(await patch({ releaseAt: null }));
  expect((await expectError(await guestAdd("demo", small, 3), 409, "LIMIT_EXCEEDED")).details).toEqual({ limit: 2 });
  const holder = await playwrightRequest.newContext({ baseURL: APP_URL });
  try {
    await ok(await guestAdd("demo", small, 2, holder));
    // Archive while held: the hold stays, a new add is NOT_AVAILABLE.
    expect((await ok(await patch({ status: "ARCHIVED", perCustomerLimit: null }))).product).toMatchObject({ status: "ARCHIVED", perCustomerLimit: null });
    await expectError(await guestAdd("demo", small, 1), 409, "NOT_AVAILABLE");
    const holds = await sql<{ status: string; quantity: number }>(`SELECT status, quantity FROM "Hold" WHERE "variantId" = $1`, [small]);
    expect(holds).toEqual([{ status: "ACTIVE", quantity: 2 }]);

    // Variants: add, edit, delete (untouched: deleted; held: archived).
    await ok(await patch({ status: "ACTIVE" }));
    const added = (await ok(await erp.post(`${DEMO}/products/${product.id}/variants`, { data: { sku: sku("L"), title: "L", priceCents: 6100, stock: 2 } }), 201)).variant;
    expect(added).toMatchObject({ sku: sku("L"), stock: 2, position: 2 });
    await expectError(await erp.post(`${DEMO}/products/${product.id}/variants`, { data: { sku: sku("L"), title: "L", priceCents: 1 } }), 409, "CONFLICT");
    await expectError(await erp.post(`${DEMO}/products/no-such-product/variants`, { data: { sku: sku("Z"), title: "Z", priceCents: 1 } }), 404, "NOT_FOUND");
    const edited = (await ok(await erp.patch(`${DEMO}/products/${product.id}/variants/${small}`, { data: { priceCents: 6500, title: "Small", position: 5 } }))).variant;
    expect(edited).toMatchObject({ priceCents: 6500, title: "Small", position: 5 });
    await expectError(await erp.patch(`${DEMO}/products/${product.id}/variants/${small}`, { data: { priceCents: -5 } }), 400, "INVALID_INPUT");
    await expectError(await erp.patch(`${DEMO}/products/${product.id}/variants/no-such-variant`, { data: { priceCents: 100 } }), 404, "NOT_FOUND");
    // A variant of another product is not found through this one either.
    await expectError(await erp.patch(`${DEMO}/products/${twin.id}/variants/${small}`, { data: { priceCents: 100 } }), 404, "NOT_FOUND");
    // The holder's cart shows the current price; an order would keep the price at checkout.
    const cart = await ok(await holder.get(`/api/stores/demo/cart`));
    expect(cart.cart.lines[0]).toMatchObject({ unitPriceCents: 6500 });
    expect(await ok(await erp.delete(`${DEMO}/products/${product.id}/variants/${added.id}`))).toEqual({ deleted: true, archived: false });
    expect(await ok(await erp.delete(`${DEMO}/products/${product.id}/variants/${small}`))).toEqual({ deleted: false, archived: true, details: { archived: true } });
    await expectError(await guestAdd("demo", small, 1), 409, "NOT_AVAILABLE");
    await expectError(await erp.delete(`${DEMO}/products/${product.id}/variants/${added.id}`), 404, "NOT_FOUND");
  } finally {
    await holder.dispose();
  }
});

test("two requests racing to create the same SKU: one 201, the others 409 CONFLICT sku", async () => {
  const s = `E2E-RACE-${tag()}`.toUpperCase();
  const answers = await Promise.all(
    [1, 2, 3].map((n) => erp.post(`${DEMO}/products`, { data: { title: `Race ${s} ${n}`, variants: [{ sku: s, title: "One", priceCents: 100, stock: 5 }] } })),
  );
  const statuses = answers.map((r) => r.status()).sort();
  expect(statuses).toEqual([201, 409, 409]);
  for (const r of answers.filter((a) => a.status() === 409)) expect((await r.json()).error.details).toMatchObject({ field: "sku" });
  const [n] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "InventoryItem" WHERE sku = $1`, [s]);
  expect(n?.n).toBe(1);
});

test("suppliers and resellers: list only with a grant; revoking stops new holds, existing holds stay", async () => {
  const reseller = await newStore();
  const shop = await tokenClient(await adminToken(reseller));
  const R = `/api/stores/${reseller}/admin`;
  try {
    const listing = { supplierStore: "demo", supplierSku: "MUG-ENAMEL", priceCents: 990 };
    await expectError(await shop.post(`${R}/products`, { data: { title: "Mug", status: "ACTIVE", variants: [listing] } }), 403, "FORBIDDEN");
    await expectError(await shop.post(`${R}/products`, { data: { title: "Mug", variants: [{ ...listing, supplierStore: "no-such-store" }] } }), 403, "FORBIDDEN");
    await expectError(await shop.get(`${R}/supplier-items?supplier=demo`), 403, "FORBIDDEN");
    expect((await ok(await shop.get(`${R}/suppliers`))).items).toEqual([]);

    const granted = await ok(await erp.post(`${DEMO}/resellers`, { data: { store: reseller } }), 201);
    expect(granted.grant).toMatchObject({ store: reseller, since: expect.any(String) });
    await ok(await erp.post(`${DEMO}/resellers`, { data: { store: reseller } }), 200);
    await expectError(await erp.post(`${DEMO}/resellers`, { data: { store: "demo" } }), 400, "INVALID_INPUT");
    await expectError(await erp.post(`${DEMO}/resellers`, { data: { store: "no-such-store" } }), 404, "NOT_FOUND");
    await expectError(await erp.post(`${DEMO}/resellers`, { data: { store: "Bad Slug" } }), 400, "INVALID_INPUT");
    expect((await ok(await erp.get(`${DEMO}/resellers`))).items.map((g: { store: string }) => g.store)).toEqual(expect.arrayContaining(["outlet", reseller]));
    expect((await ok(await shop.get(`${R}/suppliers`))).items).toEqual([expect.objectContaining({ store: "demo", name: expect.any(String) })]);
    const offered = await ok(await shop.get(`${R}/supplier-items?supplier=demo&q=mug`));
    expect(offered.items).toEqual([expect.objectContaining({ supplierStore: "demo", sku: "MUG-ENAMEL", productTitle: "Enamel Camp Mug", listed: false })]);

    // With the grant, an SKU the supplier does not have is 404 NOT_FOUND (field supplierSku), and nothing is created.
    const unknownSku = await expectError(await shop.post(`${R}/products`, { data: { title: "Mug", variants: [{ ...listing, supplierSku: "NO-SUCH-SKU" }] } }), 404, "NOT_FOUND");
    expect(unknownSku.details).toMatchObject({ field: "supplierSku" });
    expect((await ok(await shop.get(`${R}/products`))).items).toEqual([]);

    const product = (await ok(await shop.post(`${R}/products`, { data: { title: "Camp Mug", status: "ACTIVE", variants: [listing] } }), 201)).product;
    expect(product.variants[0]).toMatchObject({ sku: "MUG-ENAMEL", owned: false, supplierStore: "demo", priceCents: 990 });
    const variantId = product.variants[0].id as string;
    // The reseller cannot edit the supplier's stock through its own routes either.
    await expectError(await shop.patch(`${R}/inventory/MUG-ENAMEL`, { data: { stock: 1000, reason: "mine" } }), 403, "FORBIDDEN");

    const holder = await playwrightRequest.newContext({ baseURL: APP_URL });
    try {
      await ok(await guestAdd(reseller, variantId, 1, holder));
      await ok(await erp.delete(`${DEMO}/resellers/${reseller}`));
      await expectError(await erp.delete(`${DEMO}/resellers/${reseller}`), 404, "NOT_FOUND");
      await expectError(await guestAdd(reseller, variantId, 1), 409, "NOT_AVAILABLE");
      await expectError(await guestAdd(reseller, variantId, 1, holder), 409, "NOT_AVAILABLE");
      const holds = await sql<{ status: string }>(`SELECT status FROM "Hold" WHERE "variantId" = $1`, [variantId]);
      expect(holds).toEqual([{ status: "ACTIVE" }]);
      expect((await ok(await shop.get(`${R}/suppliers`))).items).toEqual([]);
      // The supplier's own shoppers are not affected.
      const [demoMug] = await sql<{ id: string }>(
        `SELECT v.id FROM "Variant" v JOIN "Store" s ON s.id = v."storeId" JOIN "InventoryItem" i ON i.id = v."inventoryItemId" WHERE s.slug = 'demo' AND i.sku = 'MUG-ENAMEL'`,
      );
      await ok(await guestAdd("demo", demoMug!.id, 1));
    } finally {
      await holder.dispose();
    }
  } finally {
    await shop.dispose();
  }
});

test("safe writes: Idempotency-Key replays the first answer and refuses another body; expectedStock guards stock writes", async () => {
  const s = `E2E-IDEM-${tag()}`.toUpperCase();
  const key = `idem-${tag()}`;
  const data = { title: `Idem ${s}`, variants: [{ sku: s, title: "One", priceCents: 100, stock: 3 }] };
  const [a, b] = await Promise.all([0, 1].map(() => erp.post(`${DEMO}/products`, { data, headers: { "Idempotency-Key": key } })));
  expect([a!.status(), b!.status()]).toEqual([201, 201]);
  expect(await a!.json()).toEqual(await b!.json());
  expect([a!.headers()["idempotent-replayed"], b!.headers()["idempotent-replayed"]].filter(Boolean)).toEqual(["true"]);
  const again = await erp.post(`${DEMO}/products`, { data, headers: { "Idempotency-Key": key } });
  expect(again.status()).toBe(201);
  expect(again.headers()["idempotent-replayed"]).toBe("true");
  const [n] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Product" WHERE title = $1`, [data.title]);
  expect(n?.n).toBe(1);
  expect((await expectError(await erp.post(`${DEMO}/products`, { data: { ...data, title: "Else" }, headers: { "Idempotency-Key": key } }), 409, "CONFLICT")).details).toMatchObject({ field: "Idempotency-Key" });
  await expectError(await erp.post(`${DEMO}/products`, { data, headers: { "Idempotency-Key": "x".repeat(256) } }), 400, "INVALID_INPUT");

  // Stock writes: the key on PATCH inventory, and the compare-and-set.
  const patch = (body: unknown, headers: Record<string, string> = {}) => erp.patch(`${DEMO}/inventory/${s}`, { data: body, headers });
  const changed = await expectError(await patch({ stock: 10, expectedStock: 2, reason: "erp sync" }), 409, "STOCK_CHANGED");
  expect(changed.details).toEqual({ stock: 3 });
  const k2 = `idem-${tag()}`;
  expect((await ok(await patch({ stock: 10, expectedStock: 3, reason: "erp sync" }, { "Idempotency-Key": k2 }))).item).toMatchObject({ stock: 10 });
  // The repeat does not run the compare-and-set again (it would fail): it replays the first answer.
  expect((await ok(await patch({ stock: 10, expectedStock: 3, reason: "erp sync" }, { "Idempotency-Key": k2 }))).item).toMatchObject({ stock: 10 });
  const bulk = await expectError(
    await erp.post(`${DEMO}/inventory/bulk`, { data: { reason: "erp", items: [{ sku: s, stock: 1, expectedStock: 3 }] } }),
    409,
    "STOCK_CHANGED",
  );
  expect(bulk.details).toMatchObject({ stock: 10, rows: [{ row: 1, sku: s, code: "STOCK_CHANGED" }] });
  const [row] = await sql<{ stock: number }>(`SELECT stock FROM "InventoryItem" WHERE sku = $1`, [s]);
  expect(row?.stock).toBe(10);
});

test("a store opened from the command line works at once: its storefront, and its dashboard for its owner", async () => {
  const owner = await createUser();
  const slug = `cli-${tag()}`;
  const out = await runOps(E2E_DATABASE_URL, "store", "create", "--slug", slug, "--name", "Cli Shop", "--currency", "EUR", "--owner-email", owner.email);
  expect(out.code, out.stdout).toBe(0);
  const visitor = await playwrightRequest.newContext({ baseURL: APP_URL });
  const client = await signedInClient(owner);
  try {
    expect((await visitor.get(`/${slug}`)).status()).toBe(200);
    expect((await client.get(`/${slug}/admin`)).status()).toBe(200);
    const created = await ok(await client.post(`/api/stores/${slug}/admin/products`, { data: { title: "First", status: "ACTIVE", variants: [{ sku: "FIRST-1", title: "One", priceCents: 1000, stock: 1 }] } }), 201);
    const storefront = await visitor.get(`/${slug}`);
    expect(await storefront.text()).toContain("First");
    expect(created.product.slug).toBe("first");
  } finally {
    await Promise.all([visitor.dispose(), client.dispose()]);
  }
});
