// GET /api/stores/{store}/stock: live levels for badges, batched, public and briefly cacheable;
// lapsed holds never lower `available`; other stores' variants are never revealed.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { APP_URL, createProduct, listReseller, sql } from "../support/fixtures";

const stockUrl = (ids: string[], store = "demo") => `/api/stores/${store}/stock?variantIds=${ids.map(encodeURIComponent).join(",")}`;

test("levels and states for many variants in one call, in the order asked", async ({ request }) => {
  const inStock = await createProduct({ stock: 50 });
  const low = await createProduct({ stock: 4, lowStockThreshold: 4 });
  const soldOut = await createProduct({ stock: 0 });
  const drop = await createProduct({ stock: 20, releaseAt: new Date(Date.now() + 3_600_000) });
  const archived = await createProduct({ stock: 20, status: "ARCHIVED" });
  const ended = await createProduct({ stock: 20, endsAt: new Date(Date.now() - 1000) });
  const foreign = await createProduct({ store: "outlet", stock: 20 });

  const res = await request.get(stockUrl([inStock, low, soldOut, drop, archived, ended, foreign].map((p) => p.variantId).concat("no-such-id")));
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("public, max-age=1, s-maxage=1, stale-while-revalidate=1");
  const body = await res.json();
  expect(Date.parse(body.asOf)).toBeGreaterThan(Date.now() - 60_000);
  expect(body.items).toEqual([
    { variantId: inStock.variantId, available: 50, state: "in_stock" },
    { variantId: low.variantId, available: 4, state: "low_stock" },
    { variantId: soldOut.variantId, available: 0, state: "out_of_stock" },
    { variantId: drop.variantId, available: 20, state: "coming_soon" },
    { variantId: archived.variantId, available: 0, state: "unavailable" },
    { variantId: ended.variantId, available: 0, state: "unavailable" },
  ]);
});

test("holds lower availability; lapsed ones do not, before any sweep; reseller listings share the units", async ({ request }) => {
  const product = await createProduct({ stock: 10, lowStockThreshold: 2 });
  const resold = await listReseller({ itemId: product.itemId });
  const shopper = await playwrightRequest.newContext({ baseURL: APP_URL });
  try {
    const add = await shopper.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 9 } });
    expect(add.status()).toBe(200);
    const level = async (store: string, variantId: string) => (await (await request.get(stockUrl([variantId], store))).json()).items[0];
    expect(await level("demo", product.variantId)).toEqual({ variantId: product.variantId, available: 1, state: "low_stock" });
    expect(await level("outlet", resold.variantId)).toEqual({ variantId: resold.variantId, available: 1, state: "low_stock" });

    const cartId = (await add.json()).cart.id;
    await sql(`UPDATE "Hold" SET "expiresAt" = now() AT TIME ZONE 'UTC' - interval '1 second' WHERE "cartId" = $1`, [cartId]);
    const [counters] = await sql<{ reserved: number }>(`SELECT reserved FROM "InventoryItem" WHERE id = $1`, [product.itemId]);
    expect(counters?.reserved).toBe(9); // not swept
    expect(await level("demo", product.variantId)).toEqual({ variantId: product.variantId, available: 10, state: "in_stock" });
    expect(await level("outlet", resold.variantId)).toEqual({ variantId: resold.variantId, available: 10, state: "in_stock" });
  } finally {
    await shopper.dispose();
  }
});

test("bad queries → 400 INVALID_INPUT; unknown store → 404", async ({ request }) => {
  const product = await createProduct({ stock: 1 });
  const ids = Array.from({ length: 101 }, (_, i) => `id${i}`);
  for (const url of ["/api/stores/demo/stock", "/api/stores/demo/stock?variantIds=", "/api/stores/demo/stock?variantIds=,,", stockUrl(ids), stockUrl(["x".repeat(65)])]) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "INVALID_INPUT", message: expect.any(String), details: { fields: expect.any(Array) } });
  }
  const hundred = await request.get(stockUrl([product.variantId, ...ids.slice(0, 99)]));
  expect(hundred.status()).toBe(200);
  expect((await hundred.json()).items).toEqual([{ variantId: product.variantId, available: 1, state: "low_stock" }]);

  const unknown = await request.get(stockUrl([product.variantId], "no-such-store"));
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("NOT_FOUND");
});
