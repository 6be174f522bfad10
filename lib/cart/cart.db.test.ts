import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getCartView } from "@/lib/cart/get-cart-view";
import { clearCart } from "@/lib/cart/clear-cart";
import { extendCart } from "@/lib/cart/extend-cart";
import { fixCart } from "@/lib/cart/fix-cart";
import { mergeGuestCart } from "@/lib/cart/merge-guest-cart";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { getStockLevels } from "@/lib/inventory/availability";
import { assertInvariants, createTestProduct, createTestStore, createTestUser, itemCounters, newGuest } from "@/lib/testing/cart-fixtures";

const t = testDbForFile();
const T0 = new Date("2026-11-21T12:00:00.000Z");
const at = (seconds: number) => ({ db: t.db, now: new Date(T0.getTime() + seconds * 1000) });


async function store(over: Parameters<typeof createTestStore>[1] = {}) {
  return createTestStore(t.db, { reservationTtlSeconds: 900, ...over });
}

async function ledgerRows(itemId: string) {
  return t.db.stockMovement.count({ where: { inventoryItemId: itemId } });
}

describe("adding, setting, removing, clearing", () => {
  it("adds units to a line and holds exactly them", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10, priceCents: 1250 });
    const g = newGuest(s.id);
    let cart = await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 2 });
    cart = await setCartLine(at(1), { ...g, variantId: p.variantId, mode: "add", quantity: 3 });
    expect(cart.id).not.toBeNull();
    expect(cart.store).toBe(s.slug);
    expect(cart.currency).toBe("USD");
    expect(cart.lines).toEqual([
      expect.objectContaining({ variantId: p.variantId, quantity: 5, held: 5, unitPriceCents: 1250, available: 10, holdExpiresAt: at(900).now.toISOString() }),
    ]);
    expect(cart.issues).toEqual([]);
    expect(cart.subtotalCents).toBe(6250);
    // Growing the line keeps its hold's deadline (issue 17.5: only extend renews a hold).
    expect(cart.expiresAt).toBe(at(900).now.toISOString());
    expect(cart.extensionsLeft).toBe(2);
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 10, reserved: 5 });
    await assertInvariants(t.db);
  });

  it("sets a line up and down, and 0 removes it and releases its hold", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "set", quantity: 4 });
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 10, reserved: 4 });
    let cart = await setCartLine(at(1), { ...g, variantId: p.variantId, mode: "set", quantity: 1 });
    expect(cart.lines[0]).toMatchObject({ quantity: 1, held: 1 });
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 10, reserved: 1 });
    cart = await setCartLine(at(2), { ...g, variantId: p.variantId, mode: "set", quantity: 0 });
    expect(cart.lines).toEqual([]);
    expect(cart.id).not.toBeNull();
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 10, reserved: 0 });
    await assertInvariants(t.db);
  });

  it("refuses more than there is, changing nothing: no cart, no hold, no ledger row", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 2 });
    const g = newGuest(s.id);
    const before = await ledgerRows(p.itemId);
    await expect(setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 3 })).rejects.toMatchObject({
      code: "INSUFFICIENT_STOCK",
      details: { available: 2 },
      message: "Only 2 left.",
    });
    expect(await findActiveCartId({ db: t.db }, g)).toBeNull();
    expect(await t.db.cart.count({ where: { storeId: s.id } })).toBe(0);
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 2, reserved: 0 });
    expect(await ledgerRows(p.itemId)).toBe(before);
    const view = await getCartView(at(0), g);
    expect(view).toMatchObject({ id: null, lines: [], issues: [], subtotalCents: 0, expiresAt: null });
  });

  it("answers NOT_FOUND for unknown variants and for another store's variants", async () => {
    const s = await store();
    const other = await store();
    const theirs = await createTestProduct(t.db, { storeId: other.id, stock: 5 });
    const g = newGuest(s.id);
    await expect(setCartLine(at(0), { ...g, variantId: "nope", mode: "add", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setCartLine(at(0), { ...g, variantId: theirs.variantId, mode: "add", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await itemCounters(t.db, theirs.itemId)).toEqual({ stock: 5, reserved: 0 });
    expect(await t.db.cart.count({ where: { storeId: s.id } })).toBe(0);
  });

  it("caps a line at 99 units", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 500 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 98 });
    await expect(setCartLine(at(1), { ...g, variantId: p.variantId, mode: "add", quantity: 2 })).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
      details: { limit: 99 },
    });
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 500, reserved: 98 });
  });

  it("refuses to grow a line of an archived or ended product, but lets it shrink", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 5, endsAt: at(60).now });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 2 });
    await expect(setCartLine(at(60), { ...g, variantId: p.variantId, mode: "add", quantity: 1 })).rejects.toMatchObject({ code: "NOT_AVAILABLE" });
    const cart = await setCartLine(at(61), { ...g, variantId: p.variantId, mode: "set", quantity: 1 });
    expect(cart.lines[0]).toMatchObject({ quantity: 1, available: 0 });
    expect(cart.issues).toEqual([expect.objectContaining({ code: "NOT_AVAILABLE", requested: 1, available: 0 })]);
    await assertInvariants(t.db);
  });

  it("clears a cart: every hold released, every line gone", async () => {
    const s = await store();
    const a = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const b = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: a.variantId, mode: "add", quantity: 2 });
    await setCartLine(at(0), { ...g, variantId: b.variantId, mode: "add", quantity: 3 });
    const cart = await clearCart(at(5), g);
    expect(cart.lines).toEqual([]);
    expect(await itemCounters(t.db, a.itemId)).toEqual({ stock: 5, reserved: 0 });
    expect(await itemCounters(t.db, b.itemId)).toEqual({ stock: 5, reserved: 0 });
    expect(await t.db.hold.count({ where: { inventoryItemId: { in: [a.itemId, b.itemId] }, status: "ACTIVE" } })).toBe(0);
    // Clearing a cart that does not exist is a no-op.
    expect((await clearCart(at(5), newGuest(s.id))).id).toBeNull();
    await assertInvariants(t.db);
  });
});

describe("holds that lapse", () => {
  it("a lapsed hold neither blocks another shopper nor lowers shown availability, before any sweep", async () => {
    const s = await store({ reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 3 });
    const a = newGuest(s.id);
    const b = newGuest(s.id);
    await setCartLine(at(0), { ...a, variantId: p.variantId, mode: "add", quantity: 3 });
    expect(await getStockLevels(at(59), { storeId: s.id, variantIds: [p.variantId] })).toEqual([
      { variantId: p.variantId, available: 0, state: "out_of_stock" },
    ]);
    await expect(setCartLine(at(59), { ...b, variantId: p.variantId, mode: "add", quantity: 1 })).rejects.toMatchObject({
      code: "INSUFFICIENT_STOCK",
      details: { available: 0 },
    });
    // At 60 s A's hold has lapsed: shown as available though reserved is still 3.
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 3, reserved: 3 });
    expect(await getStockLevels(at(60), { storeId: s.id, variantIds: [p.variantId] })).toEqual([
      { variantId: p.variantId, available: 3, state: "low_stock" },
    ]);
    const cartB = await setCartLine(at(60), { ...b, variantId: p.variantId, mode: "add", quantity: 2 });
    expect(cartB.lines[0]).toMatchObject({ quantity: 2, held: 2 });
    const viewA = await getCartView(at(61), a);
    expect(viewA.lines[0]).toMatchObject({ quantity: 3, held: 0, holdExpiresAt: null, available: 1 });
    expect(viewA.issues).toEqual([expect.objectContaining({ code: "QUANTITY_REDUCED", requested: 3, available: 1 })]);
    expect(viewA.expiresAt).toBeNull();
    await assertInvariants(t.db);
  });

  it("a shopper's own hold counts for them when they change their quantity", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 3 });
    const a = newGuest(s.id);
    const b = newGuest(s.id);
    await setCartLine(at(0), { ...a, variantId: p.variantId, mode: "set", quantity: 2 });
    const cart = await setCartLine(at(1), { ...a, variantId: p.variantId, mode: "set", quantity: 3 });
    expect(cart.lines[0]).toMatchObject({ quantity: 3, held: 3, available: 3 });
    await expect(setCartLine(at(2), { ...b, variantId: p.variantId, mode: "add", quantity: 1 })).rejects.toMatchObject({
      code: "INSUFFICIENT_STOCK",
      details: { available: 0 },
    });
    // Asking for more than there is tells them what they could have: their 3.
    await expect(setCartLine(at(3), { ...a, variantId: p.variantId, mode: "set", quantity: 4 })).rejects.toMatchObject({
      code: "INSUFFICIENT_STOCK",
      details: { available: 3 },
      message: "Only 3 left.",
    });
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 3, reserved: 3 });
    await assertInvariants(t.db);
  });

  it("a sold-out add is refused without a lock or a write, and still counts the shopper's own hold", async () => {
    const s = await store({ reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 3 });
    const a = newGuest(s.id);
    await setCartLine(at(0), { ...a, variantId: p.variantId, mode: "add", quantity: 2 });
    const moves = await ledgerRows(p.itemId);
    await expect(setCartLine(at(1), { ...a, variantId: p.variantId, mode: "add", quantity: 2 })).rejects.toMatchObject({
      code: "INSUFFICIENT_STOCK",
      details: { available: 3 },
    });
    // Once A's hold lapses, its units are free again (for A too): adding 2 more to 2 needs 4 of 3.
    await expect(setCartLine(at(61), { ...a, variantId: p.variantId, mode: "add", quantity: 2 })).rejects.toMatchObject({
      code: "INSUFFICIENT_STOCK",
      details: { available: 3 },
    });
    expect(await ledgerRows(p.itemId)).toBe(moves);
    const cart = await setCartLine(at(61), { ...a, variantId: p.variantId, mode: "add", quantity: 1 });
    expect(cart.lines[0]).toMatchObject({ quantity: 3, held: 3 });
    await assertInvariants(t.db);
  });

  it.each([
    ["the sold-out fast path", null],
    ["the locked path only (a per-customer limit skips the fast path)", 5],
  ])("100 concurrent shoppers on 37 units: exactly 37 get one, refusals leave no cart (%s)", async (_name, perCustomerLimit) => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 37, perCustomerLimit });
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () =>
        setCartLine(at(0), { ...newGuest(s.id), variantId: p.variantId, mode: "add", quantity: 1 }).then(
          () => "ok",
          (e: { code?: string }) => e.code ?? "error",
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(37);
    expect(outcomes.filter((o) => o === "INSUFFICIENT_STOCK")).toHaveLength(63);
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 37, reserved: 37 });
    expect(await t.db.cart.count({ where: { storeId: s.id } })).toBe(37);
    await assertInvariants(t.db);
  });

  it("computes issues for lapsed, reduced, sold-out and archived lines, and the fix clears them", async () => {
    const s = await store({ reservationTtlSeconds: 60 });
    const lapsed = await createTestProduct(t.db, { storeId: s.id, stock: 5, title: "Lapsed" });
    const reduced = await createTestProduct(t.db, { storeId: s.id, stock: 4, title: "Reduced" });
    const soldOut = await createTestProduct(t.db, { storeId: s.id, stock: 2, title: "Sold out" });
    const archived = await createTestProduct(t.db, { storeId: s.id, stock: 5, title: "Archived" });
    const a = newGuest(s.id);
    const b = newGuest(s.id);
    for (const [p, q] of [[lapsed, 2], [reduced, 3], [soldOut, 2], [archived, 1]] as const) {
      await setCartLine(at(0), { ...a, variantId: p.variantId, mode: "add", quantity: q });
    }
    // After A's holds lapse, B takes 2 of "Reduced" and both of "Sold out"; "Archived" is archived.
    await setCartLine(at(61), { ...b, variantId: reduced.variantId, mode: "add", quantity: 2 });
    await setCartLine(at(61), { ...b, variantId: soldOut.variantId, mode: "add", quantity: 2 });
    await t.db.product.update({ where: { id: archived.productId }, data: { status: "ARCHIVED" } });

    const view = await getCartView(at(62), a);
    const issues = Object.fromEntries(view.issues.map((i) => [i.variantId, i]));
    expect(issues[lapsed.variantId]).toMatchObject({ code: "HOLD_EXPIRED", requested: 2, available: 5 });
    expect(issues[reduced.variantId]).toMatchObject({ code: "QUANTITY_REDUCED", requested: 3, available: 2, message: expect.stringMatching(/^Only 2 left — /) });
    expect(issues[soldOut.variantId]).toMatchObject({ code: "OUT_OF_STOCK", requested: 2, available: 0 });
    expect(issues[archived.variantId]).toMatchObject({ code: "NOT_AVAILABLE", requested: 1, available: 0 });
    expect(view.lines.every((l) => l.held === 0)).toBe(true);

    const fixed = await fixCart(at(63), a);
    expect(fixed.issues).toEqual([]);
    expect(fixed.lines.map((l) => [l.variantId, l.quantity, l.held])).toHaveLength(2);
    expect(fixed.lines.map((l) => [l.variantId, l.quantity, l.held])).toEqual(
      expect.arrayContaining([
        [lapsed.variantId, 2, 2],
        [reduced.variantId, 2, 2],
      ]),
    );
    expect(await itemCounters(t.db, reduced.itemId)).toEqual({ stock: 4, reserved: 4 });
    expect(await itemCounters(t.db, archived.itemId)).toEqual({ stock: 5, reserved: 0 });
    await assertInvariants(t.db);
  });
});

describe("extending", () => {
  it("renews live holds at most maxHoldExtensions times, then 409 EXTEND_LIMIT", async () => {
    const s = await store({ reservationTtlSeconds: 100, maxHoldExtensions: 2 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 1 });
    let cart = await extendCart(at(50), g);
    expect(cart.expiresAt).toBe(at(150).now.toISOString());
    expect(cart.extensionsLeft).toBe(1);
    cart = await extendCart(at(140), g);
    expect(cart.expiresAt).toBe(at(240).now.toISOString());
    expect(cart.extensionsLeft).toBe(0);
    await expect(extendCart(at(200), g)).rejects.toMatchObject({ code: "EXTEND_LIMIT" });
    expect((await getCartView(at(200), g)).expiresAt).toBe(at(240).now.toISOString());
  });

  it("uses up no extension when nothing is live", async () => {
    const s = await store({ reservationTtlSeconds: 10 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 1 });
    const cart = await extendCart(at(20), g);
    expect(cart.extensionsLeft).toBe(2);
    expect(cart.issues).toEqual([expect.objectContaining({ code: "HOLD_EXPIRED" })]);
    expect((await extendCart(at(20), newGuest(s.id))).id).toBeNull();
  });
});

describe("limits and drops", () => {
  it("enforces the product's per-customer limit across its variants", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10, variants: 2, perCustomerLimit: 3 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantIds[0]!, mode: "add", quantity: 2 });
    await expect(setCartLine(at(0), { ...g, variantId: p.variantIds[1]!, mode: "add", quantity: 2 })).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
      details: { limit: 3 },
    });
    const cart = await setCartLine(at(1), { ...g, variantId: p.variantIds[1]!, mode: "add", quantity: 1 });
    expect(cart.lines.map((l) => l.quantity)).toEqual([2, 1]);
    expect(await itemCounters(t.db, p.itemIds[1]!)).toEqual({ stock: 10, reserved: 1 });
  });

  it("refuses a drop before its release time (coming_soon), sells it after", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10, releaseAt: at(3600).now });
    const g = newGuest(s.id);
    expect(await getStockLevels(at(0), { storeId: s.id, variantIds: [p.variantId] })).toEqual([
      { variantId: p.variantId, available: 10, state: "coming_soon" },
    ]);
    await expect(setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 1 })).rejects.toMatchObject({
      code: "NOT_RELEASED",
      details: { releaseAt: at(3600).now.toISOString() },
    });
    expect(await t.db.cart.count({ where: { storeId: s.id } })).toBe(0);
    const cart = await setCartLine(at(3600), { ...g, variantId: p.variantId, mode: "add", quantity: 1 });
    expect(cart.lines[0]).toMatchObject({ quantity: 1, held: 1 });
  });
});

describe("signed-in shoppers and merging", () => {
  it("merges a guest cart into the account's: quantities and holds add up, reserved does not move", async () => {
    const s = await store();
    const shared = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const guestOnly = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...me, variantId: shared.variantId, mode: "add", quantity: 1 });
    await setCartLine(at(1), { ...g, variantId: shared.variantId, mode: "add", quantity: 2 });
    await setCartLine(at(1), { ...g, variantId: guestOnly.variantId, mode: "add", quantity: 4 });
    const before = [await itemCounters(t.db, shared.itemId), await itemCounters(t.db, guestOnly.itemId)];
    const userCartId = await findActiveCartId({ db: t.db }, me);

    expect(await mergeGuestCart(at(2), { storeId: s.id, tokenHash: g.tokenHash, userId: user.id })).toBe(userCartId);
    expect([await itemCounters(t.db, shared.itemId), await itemCounters(t.db, guestOnly.itemId)]).toEqual(before);
    const cart = await getCartView(at(3), me);
    expect(cart.id).toBe(userCartId);
    expect(cart.lines.map((l) => [l.variantId, l.quantity, l.held])).toEqual([
      [shared.variantId, 3, 3],
      [guestOnly.variantId, 4, 4],
    ]);
    expect(cart.issues).toEqual([]);
    expect(await t.db.hold.count({ where: { cartId: userCartId, status: "ACTIVE" } })).toBe(2);
    expect((await getCartView(at(3), g)).id).toBeNull();
    await assertInvariants(t.db);
  });

  it("a guest cart simply becomes the account's when it has none", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const user = await createTestUser(t.db);
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 2 });
    const guestCartId = await findActiveCartId({ db: t.db }, g);
    expect(await mergeGuestCart(at(1), { storeId: s.id, tokenHash: g.tokenHash, userId: user.id })).toBe(guestCartId);
    const cart = await getCartView(at(1), { storeId: s.id, userId: user.id, tokenHash: null });
    expect(cart).toMatchObject({ id: guestCartId, lines: [expect.objectContaining({ quantity: 2, held: 2 })] });
    await assertInvariants(t.db);
  });

  it("a cookie whose cart was checked out starts a fresh cart", async () => {
    const s = await store();
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 1 });
    const oldId = await findActiveCartId({ db: t.db }, g);
    await t.db.cart.update({ where: { id: oldId! }, data: { status: "CHECKED_OUT" } });
    expect((await getCartView(at(1), g)).id).toBeNull();
    const cart = await setCartLine(at(1), { ...g, variantId: p.variantId, mode: "add", quantity: 1 });
    expect(cart.id).not.toBeNull();
    expect(cart.id).not.toBe(oldId);
    expect(cart.lines[0]).toMatchObject({ quantity: 1 });
  });
});

describe("stock levels", () => {
  it("reads many variants in one go, omits other stores' and unknown ids, uses the OWNER's default threshold", async () => {
    const supplier = await store({ lowStockDefault: 5 });
    const reseller = await store({ lowStockDefault: 1 });
    const own = await createTestProduct(t.db, { storeId: reseller.id, stock: 2 });
    const resold = await createTestProduct(t.db, { storeId: reseller.id, ownerStoreId: supplier.id, stock: 4 });
    const custom = await createTestProduct(t.db, { storeId: reseller.id, stock: 4, lowStockThreshold: 0 });
    const draft = await createTestProduct(t.db, { storeId: reseller.id, stock: 4, status: "DRAFT" });
    const empty = await createTestProduct(t.db, { storeId: reseller.id, stock: 0 });
    const foreign = await createTestProduct(t.db, { storeId: supplier.id, stock: 4 });
    const levels = await getStockLevels(at(0), {
      storeId: reseller.id,
      variantIds: [own.variantId, resold.variantId, "unknown", foreign.variantId, custom.variantId, draft.variantId, empty.variantId, own.variantId],
    });
    expect(levels).toEqual([
      { variantId: own.variantId, available: 2, state: "in_stock" },
      { variantId: resold.variantId, available: 4, state: "low_stock" },
      { variantId: custom.variantId, available: 4, state: "in_stock" },
      { variantId: draft.variantId, available: 0, state: "unavailable" },
      { variantId: empty.variantId, available: 0, state: "out_of_stock" },
    ]);
  });
});
