// The catalogue admin domain against a real PostgreSQL: products with variants all-or-nothing,
// duplicate slugs/SKUs (also racing), drops and limits with today's shopper effects, archive and
// price changes while held, variant delete-or-archive, supplier grants, idempotency keys and the
// expectedStock compare-and-set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getCartView } from "@/lib/cart/get-cart-view";
import { hashCartToken, newCartToken } from "@/lib/cart/cart-token";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { bulkAdjustStock } from "@/lib/inventory/bulk-adjust-stock";
import { checkInvariants } from "@/lib/inventory/invariants";
import { seedStore } from "@/lib/testing/inventory-fixtures";
import { productResponseSchema } from "@/lib/catalog/admin/response-schemas";
import { createProduct, getAdminProduct, listAdminProducts, updateProduct } from "@/lib/catalog/admin/products";
import { addVariant, deleteVariant, updateVariant } from "@/lib/catalog/admin/variants";
import { grantReseller, listResellers, listSupplierItems, listSuppliers, revokeReseller } from "@/lib/catalog/admin/grants";
import { createProductInputSchema, listProductsQuerySchema, supplierItemsQuerySchema, updateProductInputSchema } from "@/lib/catalog/admin/schemas";
import { requestFingerprint, runIdempotent } from "@/lib/idempotency/run-idempotent";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";

let t: TestDb;
const T0 = new Date("2026-06-01T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const admin = { type: "USER" as const, id: "user-1", label: "admin@test" };
const deps = (now = T0) => ({ db: t.db, now });
const guest = (storeId: string) => ({ storeId, userId: null, tokenHash: hashCartToken(newCartToken()) });

beforeAll(async () => {
  t = await createTestDb({ poolSize: 6 });
});
afterAll(async () => {
  await t.drop();
});

async function appError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const create = (storeId: string, body: unknown, now = T0) =>
  createProduct(deps(now), { storeId, actor: admin, ...createProductInputSchema.parse(body) });

async function holdsOf(variantId: string) {
  return t.db.hold.findMany({ where: { variantId }, select: { status: true, quantity: true } });
}

describe("products", () => {
  it("creates a product with its variants and opening stock as ledger rows, in one go", async () => {
    const store = await seedStore(t.db);
    const p = await create(store.id, {
      title: "Trail Shoe — Édition",
      description: "Grippy.",
      imageUrl: "https://img.example.com/shoe.jpg",
      status: "ACTIVE",
      variants: [
        { sku: "SHOE-42", title: "42", priceCents: 12900, stock: 5 },
        { sku: "SHOE-43", title: "43", priceCents: 12900 },
      ],
    });
    expect(p).toMatchObject({ slug: "trail-shoe-edition", status: "ACTIVE", perCustomerLimit: null, releaseAt: null });
    expect(p.variants.map((v) => [v.sku, v.stock, v.available, v.owned, v.position])).toEqual([
      ["SHOE-42", 5, 5, true, 0],
      ["SHOE-43", 0, 0, true, 1],
    ]);
    const ledger = await t.db.stockMovement.findMany({ where: { storeId: store.id }, select: { kind: true, stockDelta: true, reason: true, actorLabel: true } });
    expect(ledger).toEqual(expect.arrayContaining([{ kind: "ADJUST", stockDelta: 5, reason: "opening stock", actorLabel: "admin@test" }]));
    expect(await checkInvariants({ db: t.db }, { storeId: store.id })).toEqual([]);
    // A second product with the same title gets a free derived slug; the audit trail has both.
    const again = await create(store.id, { title: "Trail Shoe — Édition", variants: [{ sku: "SHOE-44", title: "44", priceCents: 1 }] });
    expect(again.slug).toBe("trail-shoe-edition-2");
    expect(again.status).toBe("DRAFT");
    expect(await t.db.catalogAudit.count({ where: { storeId: store.id, action: "product.create" } })).toBe(2);
  });

  it("refuses a taken slug or SKU with 409 CONFLICT details.field, and leaves nothing behind on any error", async () => {
    const store = await seedStore(t.db);
    await create(store.id, { title: "One", slug: "one", variants: [{ sku: "A-1", title: "A", priceCents: 100, stock: 3 }] });
    const before = { products: await t.db.product.count(), items: await t.db.inventoryItem.count(), moves: await t.db.stockMovement.count() };
    const slug = await appError(create(store.id, { title: "Two", slug: "one", variants: [{ sku: "B-1", title: "B", priceCents: 1, stock: 2 }] }));
    expect([slug.code, slug.details?.field]).toEqual(["CONFLICT", "slug"]);
    // The second variant's SKU is taken: the product and the first variant's item are rolled back.
    const sku = await appError(
      create(store.id, { title: "Three", variants: [{ sku: "C-1", title: "C", priceCents: 1, stock: 9 }, { sku: "A-1", title: "A", priceCents: 1 }] }),
    );
    expect([sku.code, sku.details?.field, sku.details?.sku]).toEqual(["CONFLICT", "sku", "A-1"]);
    const dup = await appError(create(store.id, { title: "Four", variants: [{ sku: "D-1", title: "D", priceCents: 1 }, { sku: "D-1", title: "E", priceCents: 1 }] }));
    expect(dup.code).toBe("INVALID_INPUT");
    expect({ products: await t.db.product.count(), items: await t.db.inventoryItem.count(), moves: await t.db.stockMovement.count() }).toEqual(before);
    // PATCH to a slug the store already has: 409 CONFLICT slug, the product keeps its own; another store may use it.
    const five = await create(store.id, { title: "Five", slug: "five", variants: [{ sku: "F-1", title: "F", priceCents: 1 }] });
    const renamed = await appError(updateProduct(deps(at(1)), { storeId: store.id, productId: five.id, actor: admin, changes: updateProductInputSchema.parse({ slug: "one", title: "Five bis" }) }));
    expect([renamed.code, renamed.details?.field, renamed.details?.slug]).toEqual(["CONFLICT", "slug", "one"]);
    expect(await getAdminProduct(deps(), { storeId: store.id, productId: five.id })).toMatchObject({ slug: "five", title: "Five" });
    const elsewhere = await seedStore(t.db);
    const theirs = await create(elsewhere.id, { title: "Theirs", variants: [{ sku: "T-1", title: "T", priceCents: 1 }] });
    expect(await updateProduct(deps(at(2)), { storeId: elsewhere.id, productId: theirs.id, actor: admin, changes: updateProductInputSchema.parse({ slug: "one" }) })).toMatchObject({ slug: "one" });
    // Validation at the edge: prices, SKUs, slugs, image URLs, the drop window, limits, NUL bytes, lengths.
    const bad = (over: Record<string, unknown>) =>
      createProductInputSchema.safeParse({ title: "X", variants: [{ sku: "OK-1", title: "V", priceCents: 100 }], ...over }).success;
    const badVariant = (v: Record<string, unknown>) => bad({ variants: [{ sku: "OK-1", title: "V", priceCents: 100, ...v }] });
    expect(bad({})).toBe(true);
    expect([badVariant({ priceCents: -1 }), badVariant({ priceCents: 1.5 }), badVariant({ priceCents: 100_000_001 }), badVariant({ priceCents: 100_000_000 })]).toEqual([false, false, false, true]);
    expect([badVariant({ sku: "has space" }), badVariant({ sku: "x".repeat(65) }), badVariant({ sku: "a.b_c-D9" })]).toEqual([false, false, true]);
    expect([bad({ slug: "Upper" }), bad({ slug: "a".repeat(81) }), bad({ slug: "ok-slug-1" })]).toEqual([false, false, true]);
    expect([bad({ imageUrl: "http://x.test/a.png" }), bad({ imageUrl: "javascript:alert(1)" }), bad({ imageUrl: "//evil.test/a" }), bad({ imageUrl: "/products/a.svg" }), bad({ imageUrl: "https://x.test/a.png" })]).toEqual([false, false, false, true, true]);
    expect(bad({ releaseAt: "2027-01-02T00:00:00Z", endsAt: "2027-01-01T00:00:00Z" })).toBe(false);
    expect(bad({ releaseAt: "2027-01-01T00:00:00Z", endsAt: "2027-01-01T00:00:00Z" })).toBe(false);
    expect([bad({ perCustomerLimit: 0 }), bad({ perCustomerLimit: 1001 }), bad({ perCustomerLimit: 1000 })]).toEqual([false, false, true]);
    expect([bad({ title: "a\u0000b" }), bad({ title: "x".repeat(201) }), bad({ title: "\ud800" }), bad({ title: "   " })]).toEqual([false, false, false, false]);
    expect([bad({ variants: [] }), bad({ extra: 1 }), bad({ status: "ARCHIVED" })]).toEqual([false, false, false]);
  });

  it("two requests racing to create the same SKU: one wins, the other is 409 CONFLICT sku", async () => {
    const store = await seedStore(t.db);
    const results = await Promise.allSettled(
      [0, 1, 2].map((n) => create(store.id, { title: `Racer ${n}`, variants: [{ sku: "RACE-1", title: "One", priceCents: 500, stock: 4 }] })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as AppError] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => [e.code, e.details?.field])).toEqual([
      ["CONFLICT", "sku"],
      ["CONFLICT", "sku"],
    ]);
    expect(await t.db.product.count({ where: { storeId: store.id } })).toBe(1);
    expect(await checkInvariants({ db: t.db }, { storeId: store.id })).toEqual([]);
  });

  it("lists by status and search, in cursor pages; reads one; other stores' products are not found", async () => {
    const store = await seedStore(t.db);
    const other = await seedStore(t.db);
    for (const [n, status] of (["ACTIVE", "DRAFT", "ACTIVE", "ACTIVE"] as const).entries()) {
      await create(store.id, { title: `Lamp ${n}`, status: status === "DRAFT" ? undefined : status, variants: [{ sku: `LAMP-${n}`, title: "One", priceCents: 100 }] }, at(n));
    }
    const foreign = await create(other.id, { title: "Lamp elsewhere", variants: [{ sku: "LAMP-X", title: "One", priceCents: 100 }] });
    const q = (query: Record<string, unknown>) => listAdminProducts(deps(), { storeId: store.id, ...listProductsQuerySchema.parse(query) });
    const page1 = await q({ status: "ACTIVE", limit: "2" });
    expect(page1.items.map((p) => p.title)).toEqual(["Lamp 3", "Lamp 2"]);
    const page2 = await q({ status: "ACTIVE", limit: "2", cursor: page1.nextCursor });
    expect(page2.items.map((p) => p.title)).toEqual(["Lamp 0"]);
    expect(page2.nextCursor).toBeNull();
    expect((await q({ status: "DRAFT" })).items.map((p) => p.title)).toEqual(["Lamp 1"]);
    expect((await q({ q: "lamp-2" })).items.map((p) => p.title)).toEqual(["Lamp 2"]);
    expect((await q({ q: "LAMP-3" })).items.map((p) => p.title)).toEqual(["Lamp 3"]);
    expect((await appError(q({ cursor: "bogus" }))).code).toBe("INVALID_INPUT");
    expect((await appError(getAdminProduct(deps(), { storeId: store.id, productId: foreign.id }))).code).toBe("NOT_FOUND");
    expect((await appError(updateProduct(deps(), { storeId: store.id, productId: foreign.id, actor: admin, changes: { title: "Mine" } }))).code).toBe("NOT_FOUND");
  });

  it("drops and per-customer limits take effect for shoppers at once; null clears them", async () => {
    const store = await seedStore(t.db);
    const p = await create(store.id, { title: "Drop", status: "ACTIVE", variants: [{ sku: "DROP-1", title: "One", priceCents: 100, stock: 10 }] });
    const v = p.variants[0]!.id;
    const edit = (changes: unknown, now = T0) => updateProduct(deps(now), { storeId: store.id, productId: p.id, actor: admin, changes: updateProductInputSchema.parse(changes) });
    const shopper = guest(store.id);
    const add = (q: number, now = T0) => setCartLine(deps(now), { ...shopper, variantId: v, mode: "add", quantity: q });

    const scheduled = await edit({ releaseAt: at(3600).toISOString(), endsAt: at(7200).toISOString(), perCustomerLimit: 2 });
    expect(scheduled).toMatchObject({ releaseAt: at(3600).toISOString(), endsAt: at(7200).toISOString(), perCustomerLimit: 2 });
    const early = await appError(add(1));
    expect([early.code, early.details?.releaseAt]).toEqual(["NOT_RELEASED", at(3600).toISOString()]);
    await add(2, at(3601));
    const over = await appError(add(1, at(3602)));
    expect([over.code, over.details?.limit]).toEqual(["LIMIT_EXCEEDED", 2]);
    // endsAt must stay after releaseAt, also when only one of them changes.
    expect((await appError(edit({ endsAt: at(60).toISOString() }))).code).toBe("INVALID_INPUT");
    const ended = await appError(add(1, at(7201)));
    expect(ended.code).toBe("NOT_AVAILABLE");
    const cleared = await edit({ releaseAt: null, endsAt: null, perCustomerLimit: null, description: null, imageUrl: null });
    expect(cleared).toMatchObject({ releaseAt: null, endsAt: null, perCustomerLimit: null, description: "", imageUrl: null });
    // What the route sends is what the dashboard parses (lib/catalog/admin/response-schemas.ts), unchanged.
    expect(productResponseSchema.parse({ product: cleared })).toEqual({ product: cleared });
    expect(productResponseSchema.parse({ product: scheduled })).toEqual({ product: scheduled });
    await add(3, at(7202));
    expect(await checkInvariants({ db: t.db }, { storeId: store.id })).toEqual([]);
  });

  it("archiving a product while shoppers hold it: their holds stay valid, new adds are NOT_AVAILABLE", async () => {
    const store = await seedStore(t.db);
    const p = await create(store.id, { title: "Archive me", status: "ACTIVE", variants: [{ sku: "ARC-1", title: "One", priceCents: 100, stock: 5 }] });
    const v = p.variants[0]!.id;
    const holder = guest(store.id);
    await setCartLine(deps(), { ...holder, variantId: v, mode: "add", quantity: 2 });
    const archived = await updateProduct(deps(at(1)), { storeId: store.id, productId: p.id, actor: admin, changes: { status: "ARCHIVED" } });
    expect(archived.status).toBe("ARCHIVED");
    expect(await holdsOf(v)).toEqual([{ status: "ACTIVE", quantity: 2 }]);
    expect((await appError(setCartLine(deps(at(2)), { ...guest(store.id), variantId: v, mode: "add", quantity: 1 }))).code).toBe("NOT_AVAILABLE");
    expect((await appError(setCartLine(deps(at(2)), { ...holder, variantId: v, mode: "add", quantity: 1 }))).code).toBe("NOT_AVAILABLE");
    // Shrinking is always allowed; a product that can no longer be sold is not held again, so the
    // shrink releases what the line held (docs/engine-cart-paths.md: checkout would refuse it anyway).
    await setCartLine(deps(at(3)), { ...holder, variantId: v, mode: "set", quantity: 1 });
    expect(await holdsOf(v)).toEqual([{ status: "RELEASED", quantity: 2 }]);
    expect(await checkInvariants({ db: t.db }, { storeId: store.id })).toEqual([]);
  });
});

describe("variants", () => {
  it("adds, edits and deletes variants; a price change while held: the order keeps the price it was placed with", async () => {
    const store = await seedStore(t.db);
    const p = await create(store.id, { title: "Mug", status: "ACTIVE", variants: [{ sku: "MUG-S", title: "Small", priceCents: 1000, stock: 5 }] });
    const added = await addVariant(deps(), { storeId: store.id, productId: p.id, actor: admin, variant: { sku: "MUG-L", title: "Large", priceCents: 1500, stock: 7 } });
    expect(added).toMatchObject({ sku: "MUG-L", stock: 7, position: 1, owned: true, archived: false });
    const dup = await appError(addVariant(deps(), { storeId: store.id, productId: p.id, actor: admin, variant: { sku: "MUG-S", title: "Again", priceCents: 1 } }));
    expect([dup.code, dup.details?.field]).toEqual(["CONFLICT", "sku"]);

    const small = p.variants[0]!.id;
    const shopper = guest(store.id);
    const cart = await setCartLine(deps(), { ...shopper, variantId: small, mode: "add", quantity: 2 });
    expect(cart.lines[0]).toMatchObject({ unitPriceCents: 1000 });
    // The price goes up while the cart holds it: the cart line shows the current price...
    await updateVariant(deps(), { storeId: store.id, productId: p.id, variantId: small, actor: admin, changes: { priceCents: 1200, title: "Small mug" } });
    expect((await getCartView(deps(), shopper)).lines[0]).toMatchObject({ unitPriceCents: 1200, held: 2 });
    const [order] = await t.db.$queryRaw<Array<{ order_id: string; code: string }>>`
      SELECT code, order_id FROM order_checkout(${store.id}, ${cart.id}::text, NULL::text, ${shopper.tokenHash}::text, NULL::text, ${at(1).toISOString()}::timestamp(3))`;
    expect(order?.code).toBe("OK");
    // ...the order is placed with the price at checkout, and keeps it whatever the price does next.
    await updateVariant(deps(), { storeId: store.id, productId: p.id, variantId: small, actor: admin, changes: { priceCents: 9999 } });
    const placed = await t.db.order.findUniqueOrThrow({ where: { id: order!.order_id }, select: { totalCents: true, lines: { select: { unitPriceCents: true, variantTitle: true } } } });
    expect(placed).toEqual({ totalCents: 2400, lines: [{ unitPriceCents: 1200, variantTitle: "Small mug" }] });

    // Delete: an untouched variant goes; one with orders (or holds, or cart lines) is archived instead.
    expect(await deleteVariant(deps(), { storeId: store.id, productId: p.id, variantId: added.id, actor: admin })).toEqual({ deleted: true, archived: false });
    expect(await t.db.variant.count({ where: { id: added.id } })).toBe(0);
    expect(await deleteVariant(deps(), { storeId: store.id, productId: p.id, variantId: small, actor: admin })).toEqual({ deleted: false, archived: true });
    expect((await getAdminProduct(deps(), { storeId: store.id, productId: p.id })).variants).toMatchObject([{ id: small, archived: true }]);
    expect((await appError(deleteVariant(deps(), { storeId: store.id, productId: p.id, variantId: added.id, actor: admin }))).code).toBe("NOT_FOUND");
    expect(await checkInvariants({ db: t.db }, { storeId: store.id })).toEqual([]);
  });

  it("deleting a variant a cart holds archives it: the hold stays valid, new adds are NOT_AVAILABLE", async () => {
    const store = await seedStore(t.db);
    const p = await create(store.id, { title: "Cap", status: "ACTIVE", variants: [{ sku: "CAP-1", title: "One", priceCents: 100, stock: 5 }, { sku: "CAP-2", title: "Two", priceCents: 100, stock: 5 }] });
    const v = p.variants[0]!.id;
    const holder = guest(store.id);
    await setCartLine(deps(), { ...holder, variantId: v, mode: "add", quantity: 3 });
    expect(await deleteVariant(deps(), { storeId: store.id, productId: p.id, variantId: v, actor: admin })).toEqual({ deleted: false, archived: true });
    expect(await holdsOf(v)).toEqual([{ status: "ACTIVE", quantity: 3 }]);
    // Sold-out fast path and the locked path both refuse: another shopper asks for more than is free, or for one.
    expect((await appError(setCartLine(deps(), { ...guest(store.id), variantId: v, mode: "add", quantity: 3 }))).code).toBe("NOT_AVAILABLE");
    expect((await appError(setCartLine(deps(), { ...guest(store.id), variantId: v, mode: "add", quantity: 1 }))).code).toBe("NOT_AVAILABLE");
    // The holder's own hold checks out.
    const cartId = (await t.db.cart.findFirstOrThrow({ where: { tokenHash: holder.tokenHash }, select: { id: true } })).id;
    const [order] = await t.db.$queryRaw<Array<{ code: string }>>`
      SELECT code FROM order_checkout(${store.id}, ${cartId}::text, NULL::text, ${holder.tokenHash}::text, NULL::text, ${at(1).toISOString()}::timestamp(3))`;
    expect(order?.code).toBe("OK");
    expect(await checkInvariants({ db: t.db }, { storeId: store.id })).toEqual([]);
  });
});

describe("suppliers and resellers", () => {
  it("lists a supplier's item only with a live grant; revoking stops new holds, existing ones run to their end", async () => {
    const supplier = await seedStore(t.db);
    const reseller = await seedStore(t.db);
    const stranger = await seedStore(t.db);
    const own = await create(supplier.id, { title: "Tent", status: "ACTIVE", variants: [{ sku: "TENT-2P", title: "2 person", priceCents: 30000, stock: 6 }] });
    const listing = { supplierStore: supplier.slug, supplierSku: "TENT-2P", priceCents: 27500 };

    const refused = await appError(create(reseller.id, { title: "Tent (outlet)", status: "ACTIVE", variants: [listing] }));
    expect(refused.code).toBe("FORBIDDEN");
    expect((await appError(create(reseller.id, { title: "Ghost", variants: [{ ...listing, supplierStore: "no-such-store" }] }))).code).toBe("FORBIDDEN");
    expect((await appError(listSupplierItems(deps(), { storeId: reseller.id, ...supplierItemsQuerySchema.parse({ supplier: supplier.slug }) }))).code).toBe("FORBIDDEN");

    expect(await grantReseller(deps(), { storeId: supplier.id, resellerSlug: reseller.slug, actor: admin })).toMatchObject({ created: true, grant: { store: reseller.slug } });
    expect((await grantReseller(deps(at(5)), { storeId: supplier.id, resellerSlug: reseller.slug, actor: admin })).created).toBe(false);
    expect((await appError(grantReseller(deps(), { storeId: supplier.id, resellerSlug: supplier.slug, actor: admin }))).code).toBe("INVALID_INPUT");
    expect((await appError(grantReseller(deps(), { storeId: supplier.id, resellerSlug: "no-such-store", actor: admin }))).code).toBe("NOT_FOUND");
    expect(await listResellers(deps(), { storeId: supplier.id })).toEqual([{ store: reseller.slug, name: `Store ${reseller.slug}`, since: T0.toISOString() }]);
    expect((await listSuppliers(deps(), { storeId: reseller.id })).map((s) => s.store)).toEqual([supplier.slug]);
    expect(await listSuppliers(deps(), { storeId: stranger.id })).toEqual([]);
    const offered = await listSupplierItems(deps(), { storeId: reseller.id, ...supplierItemsQuerySchema.parse({ q: "tent" }) });
    expect(offered.items).toEqual([{ supplierStore: supplier.slug, sku: "TENT-2P", productTitle: "Tent", variantTitle: "2 person", available: 6, listed: false }]);

    const resold = await create(reseller.id, { title: "Tent (outlet)", status: "ACTIVE", variants: [listing] });
    expect(resold.variants[0]).toMatchObject({ sku: "TENT-2P", title: "2 person", priceCents: 27500, owned: false, supplierStore: supplier.slug, stock: 6 });
    expect((await appError(addVariant(deps(), { storeId: reseller.id, productId: resold.id, actor: admin, variant: listing }))).details?.field).toBe("sku");
    expect((await appError(addVariant(deps(), { storeId: reseller.id, productId: resold.id, actor: admin, variant: { ...listing, supplierSku: "NOPE" } }))).code).toBe("NOT_FOUND");
    // The reseller cannot change the supplier's stock.
    expect((await appError(adjustStock(deps(), { storeId: reseller.id, sku: "TENT-2P", stock: 100, reason: "mine now", actor: admin }))).code).toBe("FORBIDDEN");

    const rv = resold.variants[0]!.id;
    const holder = guest(reseller.id);
    await setCartLine(deps(), { ...holder, variantId: rv, mode: "add", quantity: 2 });
    await revokeReseller(deps(at(10)), { storeId: supplier.id, resellerSlug: reseller.slug, actor: admin });
    expect((await appError(revokeReseller(deps(at(11)), { storeId: supplier.id, resellerSlug: reseller.slug, actor: admin }))).code).toBe("NOT_FOUND");
    expect(await listResellers(deps(), { storeId: supplier.id })).toEqual([]);
    // New holds through the reseller stop (both the fast path and the locked path); the existing hold stays.
    expect((await appError(setCartLine(deps(at(12)), { ...guest(reseller.id), variantId: rv, mode: "add", quantity: 5 }))).code).toBe("NOT_AVAILABLE");
    expect((await appError(setCartLine(deps(at(12)), { ...holder, variantId: rv, mode: "add", quantity: 1 }))).code).toBe("NOT_AVAILABLE");
    expect(await holdsOf(rv)).toEqual([{ status: "ACTIVE", quantity: 2 }]);
    // The supplier still sells its own units; its shoppers see the reseller's hold taken.
    const direct = await setCartLine(deps(at(13)), { ...guest(supplier.id), variantId: own.variants[0]!.id, mode: "add", quantity: 4 });
    expect(direct.lines[0]).toMatchObject({ quantity: 4 });
    // Cart fix does not re-hold a lapsed line through the revoked listing.
    const lapsed = at(10_000);
    const cartId = (await t.db.cart.findFirstOrThrow({ where: { tokenHash: holder.tokenHash }, select: { id: true } })).id;
    await t.db.$queryRaw`SELECT cart_fix(${cartId}, ${lapsed.toISOString()}::timestamp(3))`;
    expect(await holdsOf(rv)).toEqual([{ status: "EXPIRED", quantity: 2 }]);
    expect(await t.db.cartLine.count({ where: { cartId } })).toBe(0);
    // Granting again opens the listing again.
    expect((await grantReseller(deps(at(20_000)), { storeId: supplier.id, resellerSlug: reseller.slug, actor: admin })).created).toBe(true);
    await setCartLine(deps(at(20_001)), { ...guest(reseller.id), variantId: rv, mode: "add", quantity: 1 });
    expect(await checkInvariants({ db: t.db })).toEqual([]);
    expect(await t.db.catalogAudit.count({ where: { storeId: supplier.id, action: { startsWith: "grant." } } })).toBe(3);
  });
});

describe("safe writes", () => {
  it("an Idempotency-Key replays the first answer, refuses another body, and survives a concurrent repeat", async () => {
    const store = await seedStore(t.db);
    const body = JSON.stringify({ title: "Once", variants: [{ sku: "ONCE-1", title: "One", priceCents: 100, stock: 2 }] });
    const run = (key: string, text: string, now = T0) =>
      runIdempotent(deps(now), { storeId: store.id, key, fingerprint: requestFingerprint("POST", "/admin/products", text) }, async (tx) => ({
        status: 201,
        body: { product: await createProduct(tx, { storeId: store.id, actor: admin, ...createProductInputSchema.parse(JSON.parse(text)) }) },
      }));
    const [a, b] = await Promise.all([run("key-1", body), run("key-1", body)]);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(b.body).toEqual(a.body);
    expect(a.status).toBe(201);
    const c = await run("key-1", body, at(60));
    expect(c).toMatchObject({ replayed: true, status: 201 });
    expect(await t.db.product.count({ where: { storeId: store.id } })).toBe(1);
    const other = await appError(run("key-1", body.replace("Once", "Twice")));
    expect([other.code, other.details?.field]).toEqual(["CONFLICT", "Idempotency-Key"]);
    // A refused write leaves no record: the corrected request may use the same key.
    const failing = JSON.stringify({ title: "Dup", variants: [{ sku: "ONCE-1", title: "One", priceCents: 100 }] });
    expect((await appError(run("key-2", failing))).code).toBe("CONFLICT");
    const fixed = await run("key-2", failing.replace("ONCE-1", "ONCE-2"));
    expect(fixed.replayed).toBe(false);
    // After 24 h the key is forgotten.
    const later = await run("key-1", body.replace("Once", "Later").replace("ONCE-1", "LATER-1"), at(24 * 3600 + 1));
    expect(later.replayed).toBe(false);
    expect(await t.db.product.count({ where: { storeId: store.id } })).toBe(3);
    expect((await appError(run("bad key with spaces", body))).code).toBe("INVALID_INPUT");
  });

  it("expectedStock: a compare-and-set under the item's lock, single and bulk (409 STOCK_CHANGED { stock })", async () => {
    const store = await seedStore(t.db);
    await create(store.id, { title: "CAS", variants: [{ sku: "CAS-1", title: "One", priceCents: 1, stock: 10 }, { sku: "CAS-2", title: "Two", priceCents: 1, stock: 4 }] });
    const e = await appError(adjustStock(deps(), { storeId: store.id, sku: "CAS-1", stock: 50, expectedStock: 9, reason: "erp", actor: admin }));
    expect([e.code, e.details]).toEqual(["STOCK_CHANGED", { stock: 10 }]);
    expect(await adjustStock(deps(), { storeId: store.id, sku: "CAS-1", stock: 50, expectedStock: 10, reason: "erp", actor: admin })).toMatchObject({ stock: 50 });
    // Two ERPs that read 50 race: exactly one write lands.
    const race = await Promise.allSettled([60, 70].map((stock) => adjustStock(deps(), { storeId: store.id, sku: "CAS-1", stock, expectedStock: 50, reason: "erp", actor: admin })));
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const bulk = await appError(
      bulkAdjustStock(deps(), { storeId: store.id, reason: "erp", actor: admin, rows: [{ sku: "CAS-2", stock: 1, expectedStock: 4 }, { sku: "CAS-1", stock: 1, expectedStock: 50 }] }),
    );
    expect(bulk.code).toBe("STOCK_CHANGED");
    expect(bulk.details).toMatchObject({ rows: [{ row: 2, sku: "CAS-1", code: "STOCK_CHANGED" }] });
    expect(await t.db.inventoryItem.findMany({ where: { storeId: store.id }, orderBy: { sku: "asc" }, select: { stock: true } })).toEqual([
      { stock: race[0]!.status === "fulfilled" ? 60 : 70 },
      { stock: 4 },
    ]);
    expect(await checkInvariants({ db: t.db }, { storeId: store.id })).toEqual([]);
  });
});
