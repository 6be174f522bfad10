// The engine's cart paths under a second look (issue 24): each finding reproduced with the
// interleaving that breaks it (two sessions, one holding a lock while the other runs), and the
// rule that now holds. See docs/engine-cart-paths.md.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getCartView } from "@/lib/cart/get-cart-view";
import { mergeGuestCart } from "@/lib/cart/merge-guest-cart";
import { fixCart } from "@/lib/cart/fix-cart";
import { extendCart } from "@/lib/cart/extend-cart";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { bulkAdjustStock } from "@/lib/inventory/bulk-adjust-stock";
import { checkInvariants } from "@/lib/inventory/invariants";
import { MAX_STOCK } from "@/lib/inventory/schemas";
import { MAX_LINE_QUANTITY } from "@/lib/cart/schemas";
import { createTestProduct, createTestStore, createTestUser, newGuest } from "@/lib/testing/cart-fixtures";
import { testDbForFile } from "@/lib/testing/test-db";
import { blockedOrDone, openSession, waitUntilBlocked, type Session } from "@/lib/testing/sessions";

const t = testDbForFile();
let a: Session;
let b: Session;
let observer: Session;
const T0 = new Date("2026-11-21T12:00:00.000Z");
const time = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const at = (seconds: number) => ({ db: t.db, now: time(seconds) });
const iso = (seconds: number) => time(seconds).toISOString();

beforeAll(async () => {
  [a, b, observer] = await Promise.all([openSession(t.directUrl), openSession(t.directUrl), openSession(t.directUrl)]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close(), observer?.close()]);
});

type Owner = { storeId: string; userId: string | null; tokenHash: string | null };

async function cartIdOf(owner: Owner): Promise<string> {
  const id = await findActiveCartId({ db: t.db }, owner);
  if (!id) throw new Error("no active cart");
  return id;
}

/** No CHECKED_OUT or MERGED cart holds an ACTIVE cart hold; the books balance. */
async function expectSound(): Promise<void> {
  const stranded = await t.db.$queryRaw<{ id: string }[]>`
    SELECT h.id FROM "Hold" h JOIN "Cart" c ON c.id = h."cartId"
    WHERE h.status = 'ACTIVE' AND h."orderId" IS NULL AND c.status <> 'ACTIVE'`;
  expect(stranded).toEqual([]);
  expect(await checkInvariants({ db: t.db })).toEqual([]);
}

async function checkoutSql(s: Session | Db, input: { storeId: string; cartId: string | null; userId: string | null; tokenHash: string | null; key?: string | null; seconds: number }) {
  const sql = `SELECT code, order_id FROM order_checkout($1, $2::text, $3::text, $4::text, $5::text, $6::timestamp(3))`;
  const params = [input.storeId, input.cartId, input.userId, input.tokenHash, input.key ?? null, iso(input.seconds)];
  if ("pid" in s) return (await s.query<{ code: string; order_id: string | null }>(sql, params))[0]!;
  return (await s.$queryRawUnsafe<{ code: string; order_id: string | null }[]>(sql, ...params))[0]!;
}

const mergeSql = `SELECT cart_merge($1, $2, $3, $4::timestamp(3)) AS cart_id`;

describe("finding 1: a merge locks ACTIVE carts and re-resolves when either changed", () => {
  it("the guest checks out while their sign-in merge waits: the ordered lines stay ordered", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const v1 = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const v3 = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...me, variantId: v1.variantId, mode: "add", quantity: 1 });
    await setCartLine(at(1), { ...g, variantId: v1.variantId, mode: "add", quantity: 3 });
    await setCartLine(at(2), { ...g, variantId: v3.variantId, mode: "add", quantity: 2 });
    const guestCart = await cartIdOf(g);

    await a.query("BEGIN");
    const placed = await checkoutSql(a, { storeId: s.id, cartId: guestCart, userId: null, tokenHash: g.tokenHash, seconds: 10 });
    expect(placed.code).toBe("OK");
    const merging = b.query<{ cart_id: string }>(mergeSql, [s.id, g.tokenHash, user.id, iso(11)]);
    await waitUntilBlocked(observer, b.pid);
    await a.query("COMMIT");
    await merging;

    expect(await t.db.cart.findUniqueOrThrow({ where: { id: guestCart }, select: { status: true } })).toEqual({ status: "CHECKED_OUT" });
    const cart = await getCartView(at(12), me);
    expect(cart.lines.map((l) => [l.variantId, l.quantity, l.held])).toEqual([[v1.variantId, 1, 1]]);
    expect(cart.issues).toEqual([]);
    await expectSound();
  });

  it("the account's cart checks out while a guest merge waits: the guest's line and hold land in an active cart", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const v1 = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const v2 = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...me, variantId: v1.variantId, mode: "add", quantity: 1 });
    await setCartLine(at(1), { ...g, variantId: v2.variantId, mode: "add", quantity: 2 });
    const accountCart = await cartIdOf(me);

    await a.query("BEGIN");
    expect((await checkoutSql(a, { storeId: s.id, cartId: accountCart, userId: user.id, tokenHash: null, seconds: 10 })).code).toBe("OK");
    const merging = b.query<{ cart_id: string }>(mergeSql, [s.id, g.tokenHash, user.id, iso(11)]);
    await waitUntilBlocked(observer, b.pid);
    await a.query("COMMIT");
    const [merged] = await merging;

    expect(merged!.cart_id).not.toBe(accountCart);
    const cart = await getCartView(at(12), me);
    expect(cart.id).toBe(merged!.cart_id);
    expect(cart.lines.map((l) => [l.variantId, l.quantity, l.held])).toEqual([[v2.variantId, 2, 2]]);
    await expectSound();
  });
});

describe("finding 2: a merge applies the per-customer limit and the 99-per-line cap", () => {
  it("limit 2, account holds 2, guest holds 2: the merged line is held to 2, says why, and checkout cannot order 4", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10, perCustomerLimit: 2 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...me, variantId: p.variantId, mode: "add", quantity: 2 });
    await expect(setCartLine(at(0), { ...me, variantId: p.variantId, mode: "add", quantity: 1 })).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    await setCartLine(at(1), { ...g, variantId: p.variantId, mode: "add", quantity: 2 });

    await mergeGuestCart(at(2), { storeId: s.id, tokenHash: g.tokenHash, userId: user.id });

    const cart = await getCartView(at(3), me);
    const [line] = cart.lines;
    expect(line!.held).toBeLessThanOrEqual(2);
    expect(cart.issues).toEqual([expect.objectContaining({ variantId: p.variantId, code: "QUANTITY_REDUCED", available: 2 })]);
    expect(cart.issues[0]!.message).toMatch(/2 per customer/);
    const accountCart = await cartIdOf(me);
    expect((await checkoutSql(t.db, { storeId: s.id, cartId: accountCart, userId: user.id, tokenHash: null, seconds: 4 })).code).toBe("CART_INVALID");
    await expectSound();

    const fixed = await fixCart(at(5), me);
    expect(fixed.lines.map((l) => [l.quantity, l.held])).toEqual([[2, 2]]);
    expect(fixed.issues).toEqual([]);
    const placed = await checkoutSql(t.db, { storeId: s.id, cartId: accountCart, userId: user.id, tokenHash: null, seconds: 6 });
    expect(placed.code).toBe("OK");
    const units = await t.db.orderLine.aggregate({ where: { order: { userId: user.id } }, _sum: { quantity: true } });
    expect(units._sum.quantity).toBe(2);
    await expectSound();
  });

  it("a guest cart that becomes the account's cart counts the account's orders", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10, perCustomerLimit: 2 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    await setCartLine(at(0), { ...me, variantId: p.variantId, mode: "add", quantity: 2 });
    expect((await checkoutSql(t.db, { storeId: s.id, cartId: await cartIdOf(me), userId: user.id, tokenHash: null, seconds: 1 })).code).toBe("OK");
    const g = newGuest(s.id);
    await setCartLine(at(2), { ...g, variantId: p.variantId, mode: "add", quantity: 2 });

    await mergeGuestCart(at(3), { storeId: s.id, tokenHash: g.tokenHash, userId: user.id });

    const cart = await getCartView(at(4), me);
    expect(cart.lines.map((l) => [l.quantity, l.held])).toEqual([[2, 0]]);
    expect(cart.issues).toEqual([expect.objectContaining({ code: "QUANTITY_REDUCED", available: 0 })]);
    expect((await checkoutSql(t.db, { storeId: s.id, cartId: await cartIdOf(me), userId: user.id, tokenHash: null, seconds: 5 })).code).toBe("CART_INVALID");
    expect((await fixCart(at(6), me)).lines).toEqual([]);
    await expectSound();
  });

  it("60 + 60 of an unlimited product: held to 99, the issue says at most 99", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 500 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...me, variantId: p.variantId, mode: "add", quantity: 60 });
    await setCartLine(at(1), { ...g, variantId: p.variantId, mode: "add", quantity: 60 });
    await mergeGuestCart(at(2), { storeId: s.id, tokenHash: g.tokenHash, userId: user.id });

    const cart = await getCartView(at(3), me);
    expect(cart.lines[0]!.held).toBe(99);
    expect(cart.issues).toEqual([expect.objectContaining({ code: "QUANTITY_REDUCED", available: 99 })]);
    expect(cart.issues[0]!.message).toMatch(/99/);
    expect((await checkoutSql(t.db, { storeId: s.id, cartId: await cartIdOf(me), userId: user.id, tokenHash: null, seconds: 4 })).code).toBe("CART_INVALID");
    expect((await fixCart(at(5), me)).lines.map((l) => [l.quantity, l.held])).toEqual([[99, 99]]);
    await expectSound();
  });
});

describe("finding 3: two sign-ins at once, no account cart", () => {
  it("one merges, the other finds the merged cart (no unique violation)", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const v1 = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const v2 = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const user = await createTestUser(t.db);
    const g1 = newGuest(s.id);
    const g2 = newGuest(s.id);
    await setCartLine(at(0), { ...g1, variantId: v1.variantId, mode: "add", quantity: 1 });
    await setCartLine(at(0), { ...g2, variantId: v2.variantId, mode: "add", quantity: 2 });

    await a.query("BEGIN");
    const [first] = await a.query<{ cart_id: string }>(mergeSql, [s.id, g1.tokenHash, user.id, iso(1)]);
    const second = b.query<{ cart_id: string }>(mergeSql, [s.id, g2.tokenHash, user.id, iso(1)]);
    await waitUntilBlocked(observer, b.pid);
    await a.query("COMMIT");
    const [merged] = await second;

    expect(merged!.cart_id).toBe(first!.cart_id);
    const cart = await getCartView(at(2), { storeId: s.id, userId: user.id, tokenHash: null });
    expect(cart.lines.map((l) => [l.variantId, l.quantity, l.held]).sort()).toEqual(
      [[v1.variantId, 1, 1], [v2.variantId, 2, 2]].sort(),
    );
    expect(await t.db.cart.count({ where: { userId: user.id, status: "ACTIVE" } })).toBe(1);
    await expectSound();
  });
});

describe("finding 4: a product that can no longer be sold is never held again", () => {
  it("add 3, archive, let the hold lapse, set 3: refused, nothing held", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 3 });
    await t.db.product.update({ where: { id: p.productId }, data: { status: "ARCHIVED" } });

    await expect(setCartLine(at(61), { ...g, variantId: p.variantId, mode: "set", quantity: 3 })).rejects.toMatchObject({ code: "NOT_AVAILABLE" });
    expect(await t.db.hold.count({ where: { variantId: p.variantId, status: "ACTIVE", expiresAt: { gt: time(61) } } })).toBe(0);
    expect((await getCartView(at(61), g)).lines.map((l) => [l.quantity, l.held])).toEqual([[3, 0]]);
    await expectSound();
  });

  it("shrinking a line of an ended product, or extending the cart, does not renew its hold", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 5, endsAt: time(30) });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 3 });
    await extendCart(at(40), g);
    const shrunk = await setCartLine(at(45), { ...g, variantId: p.variantId, mode: "set", quantity: 2 });
    expect(shrunk.lines.map((l) => l.quantity)).toEqual([2]);
    const live = await t.db.hold.findMany({ where: { variantId: p.variantId, status: "ACTIVE" }, select: { expiresAt: true } });
    for (const h of live) expect(h.expiresAt.getTime()).toBeLessThanOrEqual(time(60).getTime());
    await expectSound();
  });
});

describe("audit: extend renews only what cart_fix would still hold (the variant not archived, the supplier's grant live)", () => {
  it("a reseller's listing whose grant was revoked, or an archived variant, keeps its deadline; the store's own live line is renewed", async () => {
    const supplier = await createTestStore(t.db);
    const s = await createTestStore(t.db, { reservationTtlSeconds: 60, maxHoldExtensions: 2 });
    const resold = await createTestProduct(t.db, { storeId: s.id, ownerStoreId: supplier.id, stock: 5 });
    const archived = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const own = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const g = newGuest(s.id);
    for (const p of [resold, archived, own]) await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 2 });
    await t.db.supplierGrant.updateMany({ where: { supplierStoreId: supplier.id, resellerStoreId: s.id }, data: { revokedAt: time(5) } });
    await t.db.variant.update({ where: { id: archived.variantId }, data: { archivedAt: time(5) } });
    const deadline = async (variantId: string) =>
      (await t.db.hold.findFirstOrThrow({ where: { variantId, status: "ACTIVE" }, select: { expiresAt: true } })).expiresAt.getTime();

    expect((await extendCart(at(30), g)).extensionsLeft).toBe(1);
    expect(await deadline(own.variantId)).toBe(time(90).getTime());
    expect(await deadline(resold.variantId)).toBe(time(60).getTime());
    expect(await deadline(archived.variantId)).toBe(time(60).getTime());

    // A cart holding only such lines has nothing to extend: no extension is used up.
    const h = newGuest(s.id);
    await t.db.supplierGrant.updateMany({ where: { supplierStoreId: supplier.id, resellerStoreId: s.id }, data: { revokedAt: null } });
    await setCartLine(at(31), { ...h, variantId: resold.variantId, mode: "add", quantity: 1 });
    await t.db.supplierGrant.updateMany({ where: { supplierStoreId: supplier.id, resellerStoreId: s.id }, data: { revokedAt: time(32) } });
    expect((await extendCart(at(40), h)).extensionsLeft).toBe(2);
    expect((await t.db.hold.findFirstOrThrow({ where: { variantId: resold.variantId, status: "ACTIVE", cart: { tokenHash: h.tokenHash } }, select: { expiresAt: true } })).expiresAt.getTime()).toBe(time(91).getTime());
    await expectSound();
  });
});

describe("finding 5: a guest's checkout retry finds its order after the guest wrote to a new cart", () => {
  it("same Idempotency-Key, new cart: EXISTING with the first order; another guest with that key: KEY_REUSED", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 1 });
    const first = await checkoutSql(t.db, { storeId: s.id, cartId: await cartIdOf(g), userId: null, tokenHash: g.tokenHash, key: "k-guest-1", seconds: 1 });
    expect(first.code).toBe("OK");
    await setCartLine(at(2), { ...g, variantId: p.variantId, mode: "add", quantity: 1 }); // a new cart, same cookie

    const retry = await checkoutSql(t.db, { storeId: s.id, cartId: await cartIdOf(g), userId: null, tokenHash: g.tokenHash, key: "k-guest-1", seconds: 3 });
    expect(retry).toEqual({ code: "EXISTING", order_id: first.order_id });

    const stranger = newGuest(s.id);
    await setCartLine(at(4), { ...stranger, variantId: p.variantId, mode: "add", quantity: 1 });
    const other = await checkoutSql(t.db, { storeId: s.id, cartId: await cartIdOf(stranger), userId: null, tokenHash: stranger.tokenHash, key: "k-guest-1", seconds: 5 });
    expect(other).toEqual({ code: "KEY_REUSED", order_id: null });
    await expectSound();
  });
});

describe("suspected: a late payment and the per-customer limit", () => {
  async function orderOf(s: { id: string }, user: { id: string }, variantId: string, seconds: number, ref: string) {
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    await setCartLine(at(seconds), { ...me, variantId, mode: "add", quantity: 2 });
    const placed = await checkoutSql(t.db, { storeId: s.id, cartId: await cartIdOf(me), userId: user.id, tokenHash: null, seconds });
    expect(placed.code).toBe("OK");
    await t.db.payment.create({
      data: { orderId: placed.order_id!, provider: "sandbox", providerRef: ref, amountCents: 2000, currency: "EUR", nextCheckAt: time(seconds) },
    });
    return placed.order_id!;
  }
  const settle = (s: Session | Db, ref: string, outcome: string, seconds: number) => {
    const sql = `SELECT code FROM payment_settle('sandbox', $1, $2, NULL, NULL, NULL, 'test', $3::timestamp(3))`;
    if ("pid" in s) return s.query<{ code: string }>(sql, [ref, outcome, iso(seconds)]).then((r) => r[0]!.code);
    return s.$queryRawUnsafe<{ code: string }[]>(sql, ref, outcome, iso(seconds)).then((r) => r[0]!.code);
  };

  it("a cancelled order paid late after the customer bought the limit again: refunded, not sold", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10, perCustomerLimit: 2 });
    const user = await createTestUser(t.db);
    const refA = `pay-${user.id}-a`;
    const first = await orderOf(s, user, p.variantId, 0, refA);
    expect(await settle(t.db, refA, "expired", 10)).toBe("CANCELLED");
    await orderOf(s, user, p.variantId, 20, `pay-${user.id}-b`);

    expect(await settle(t.db, refA, "succeeded", 30)).toBe("REFUND_NEEDED");
    expect(await t.db.order.findUniqueOrThrow({ where: { id: first }, select: { status: true } })).toEqual({ status: "CANCELLED" });
    const live = await t.db.orderLine.aggregate({ where: { order: { userId: user.id, status: { not: "CANCELLED" } } }, _sum: { quantity: true } });
    expect(live._sum.quantity).toBe(2);
    await expectSound();
  });

  it("two cancelled orders paid late at once: one is sold, the other refunded", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10, perCustomerLimit: 2 });
    const user = await createTestUser(t.db);
    const refA = `pay-${user.id}-a`;
    const refB = `pay-${user.id}-b`;
    await orderOf(s, user, p.variantId, 0, refA);
    expect(await settle(t.db, refA, "expired", 10)).toBe("CANCELLED");
    await orderOf(s, user, p.variantId, 20, refB);
    expect(await settle(t.db, refB, "expired", 30)).toBe("CANCELLED");

    await a.query("BEGIN");
    expect(await settle(a, refA, "succeeded", 40)).toBe("LATE_SOLD");
    const second = settle(b, refB, "succeeded", 40);
    await blockedOrDone(observer, b.pid, second);
    await a.query("COMMIT");
    expect(await second).toBe("REFUND_NEEDED");
    const live = await t.db.orderLine.aggregate({ where: { order: { userId: user.id, status: { not: "CANCELLED" } } }, _sum: { quantity: true } });
    expect(live._sum.quantity).toBe(2);
    await expectSound();
  });
});

describe("suspected: a lapsed hold while the sweep holds it", () => {
  it("a shopper is not refused the units of a lapsed hold the sweep has picked but not yet expired", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const one = await createTestProduct(t.db, { storeId: s.id, stock: 1 });
    const two = await createTestProduct(t.db, { storeId: s.id, stock: 1 });
    const [x, y] = [one, two].sort((l, r) => (l.itemId < r.itemId ? -1 : 1)); // the sweep locks x first
    await setCartLine(at(0), { ...newGuest(s.id), variantId: x!.variantId, mode: "add", quantity: 1 });
    await setCartLine(at(0), { ...newGuest(s.id), variantId: y!.variantId, mode: "add", quantity: 1 });

    // Someone holds x's row; the sweep (at 61 s: both holds lapsed) waits for it.
    await a.query("BEGIN");
    await a.query(`SELECT 1 FROM "InventoryItem" WHERE id = $1 FOR UPDATE`, [x!.itemId]);
    const sweeping = b.query(`SELECT * FROM inv_sweep_lapsed($1::timestamp(3), 100)`, [iso(61)]);
    await waitUntilBlocked(observer, b.pid);

    // Meanwhile a shopper wants y's one unit, whose only hold lapsed at 60 s.
    const shopper = newGuest(s.id);
    const outcome = await setCartLine(at(62), { ...shopper, variantId: y!.variantId, mode: "add", quantity: 1 }).then(
      (c) => `held ${c.lines[0]?.held}`,
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );
    await a.query("COMMIT");
    await sweeping;
    expect(outcome).toBe("held 1");
    await expectSound();
  });
});

describe("suspected: stock with no upper bound", () => {
  it("raises past the bound are refused with a 4xx, not an out-of-range error", async () => {
    const s = await createTestStore(t.db);
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const item = await t.db.inventoryItem.findUniqueOrThrow({ where: { id: p.itemId }, select: { sku: true } });
    const raise = () =>
      t.db.$queryRaw<{ code: string }[]>`
        SELECT code FROM inv_adjust(${p.itemId}, NULL, 2000000000, NULL, false, 'SYSTEM', NULL, NULL, 'raise', ${iso(0)}::timestamp(3))`;
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      codes.push(await raise().then((r) => r[0]!.code, (e: unknown) => `error ${(e as Error).message}`));
    }
    expect(codes).toEqual(["STOCK_OUT_OF_RANGE", "STOCK_OUT_OF_RANGE"]);
    const admin = { type: "SYSTEM" as const };
    await adjustStock(at(1), { storeId: s.id, sku: item.sku, stock: MAX_STOCK, reason: "top", actor: admin });
    await expect(adjustStock(at(2), { storeId: s.id, sku: item.sku, adjust: 1, reason: "one more", actor: admin })).rejects.toMatchObject({
      code: "STOCK_OUT_OF_RANGE",
      status: 409,
    });
    const bulk = await bulkAdjustStock(at(3), { storeId: s.id, rows: [{ sku: item.sku, adjust: 5 }], reason: "erp", actor: admin }).catch((e: unknown) => e);
    expect(bulk).toMatchObject({ code: "INVALID_INPUT", status: 400, details: { rows: [expect.objectContaining({ code: "STOCK_OUT_OF_RANGE" })] } });
    await expectSound();
  });
});

describe("17.5: a quantity change that renews a hold counts against the extension cap", () => {
  it("flipping a quantity keeps the hold's deadline; only extend renews it, at most maxHoldExtensions times", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 60, maxHoldExtensions: 2 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const other = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const g = newGuest(s.id);
    const deadline = async () =>
      (await t.db.hold.findFirstOrThrow({ where: { variantId: p.variantId, status: "ACTIVE" }, select: { expiresAt: true } })).expiresAt.getTime();
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 3 });
    expect(await deadline()).toBe(time(60).getTime());
    // Back and forth: the deadline does not move.
    for (const [sec, q] of [[10, 2], [20, 3], [30, 1], [40, 3]] as const) {
      await setCartLine(at(sec), { ...g, variantId: p.variantId, mode: "set", quantity: q });
      expect(await deadline()).toBe(time(60).getTime());
    }
    // Removing and adding back within the deadline: the same deadline.
    await setCartLine(at(45), { ...g, variantId: p.variantId, mode: "set", quantity: 0 });
    await setCartLine(at(46), { ...g, variantId: p.variantId, mode: "add", quantity: 3 });
    expect(await deadline()).toBe(time(60).getTime());
    // A genuinely new line gets its own full hold.
    await setCartLine(at(50), { ...g, variantId: other.variantId, mode: "add", quantity: 1 });
    const otherHold = await t.db.hold.findFirstOrThrow({ where: { variantId: other.variantId, status: "ACTIVE" }, select: { expiresAt: true } });
    expect(otherHold.expiresAt.getTime()).toBe(time(110).getTime());
    // Extend: twice, then refused; flips in between do not add time.
    expect((await extendCart(at(55), g)).extensionsLeft).toBe(1);
    expect(await deadline()).toBe(time(115).getTime());
    await setCartLine(at(100), { ...g, variantId: p.variantId, mode: "set", quantity: 2 });
    expect(await deadline()).toBe(time(115).getTime());
    expect((await extendCart(at(110), g)).extensionsLeft).toBe(0);
    await expect(extendCart(at(150), g)).rejects.toMatchObject({ code: "EXTEND_LIMIT" });
    for (const sec of [160, 165]) await setCartLine(at(sec), { ...g, variantId: p.variantId, mode: "set", quantity: sec % 2 ? 3 : 2 });
    expect(await deadline()).toBe(time(170).getTime());
    const lapsed = await getCartView(at(171), g);
    expect(lapsed.lines.find((l) => l.variantId === p.variantId)!.held).toBe(0);
    await expectSound();
  });
});

it("the engine's line cap is MAX_LINE_QUANTITY", async () => {
  const [row] = await t.db.$queryRaw<{ cap: number }[]>`SELECT cart_cap_per_line() AS cap`;
  expect(row!.cap).toBe(MAX_LINE_QUANTITY);
});
