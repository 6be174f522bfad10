// GET /api/stores/{store}/products: the storefront grid, cursor-paged by (position, id), with each
// variant's live availability; drafts, archived and ended products are not listed.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createProduct } from "../support/fixtures";

type Card = { id: string; slug: string; title: string; imageUrl: string | null; priceCents: number; releaseAt: string | null; variants: { id: string; sku: string; title: string; priceCents: number; available: number; state: string }[] };

async function allProducts(request: APIRequestContext, limit: number): Promise<{ items: Card[]; pages: number }> {
  const items: Card[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await request.get(`/api/stores/demo/products?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { items: Card[]; nextCursor: string | null };
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(1000);
  } while (cursor);
  return { items, pages };
}

test("pages through every listed product once, with variants, prices and states", async ({ request }) => {
  const onSale = await createProduct({ stock: 7, priceCents: 1999, title: "Listed Lamp" });
  const drop = await createProduct({ stock: 5, releaseAt: new Date(Date.now() + 86_400_000), title: "Listed Drop" });
  const draft = await createProduct({ stock: 5, status: "DRAFT" });
  const archived = await createProduct({ stock: 5, status: "ARCHIVED" });
  const ended = await createProduct({ stock: 5, endsAt: new Date(Date.now() - 1000) });

  const { items, pages } = await allProducts(request, 3);
  expect(pages).toBeGreaterThan(1);
  const ids = items.map((p) => p.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(expect.arrayContaining([onSale.productId, drop.productId]));
  for (const hidden of [draft, archived, ended]) expect(ids).not.toContain(hidden.productId);
  // The same list in one page.
  expect((await allProducts(request, 100)).items.map((p) => p.id)).toEqual(ids);

  const lamp = items.find((p) => p.id === onSale.productId);
  expect(lamp).toMatchObject({
    slug: onSale.slug,
    title: "Listed Lamp",
    priceCents: 1999,
    releaseAt: null,
    variants: [{ id: onSale.variantId, sku: onSale.sku, title: "One size", priceCents: 1999, available: 7, state: "in_stock" }],
  });
  expect(lamp).toHaveProperty("imageUrl");
  const dropCard = items.find((p) => p.id === drop.productId);
  expect(dropCard?.releaseAt).toEqual(expect.any(String));
  expect(dropCard?.variants[0]).toMatchObject({ state: "coming_soon", available: 5 });
});

test("bad paging → 400 INVALID_INPUT; unknown store → 404", async ({ request }) => {
  for (const q of ["limit=0", "limit=101", "limit=abc", "limit=1.5", "limit=-3", "cursor=not-a-cursor", `cursor=${Buffer.from("[1]").toString("base64url")}`]) {
    const res = await request.get(`/api/stores/demo/products?${q}`);
    expect(res.status(), q).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "INVALID_INPUT", message: expect.any(String) });
  }
  expect((await request.get("/api/stores/demo/products?limit=")).status()).toBe(200);
  const res = await request.get("/api/stores/no-such-store/products");
  expect(res.status()).toBe(404);
  expect((await res.json()).error.code).toBe("NOT_FOUND");
});
