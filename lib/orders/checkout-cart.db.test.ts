// Checkout against a real PostgreSQL: holds become the order's holds, the cart must be valid, and
// the Idempotency-Key yields one order even when requests race.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { AppError } from "@/lib/errors";
import { getOrderForViewer } from "@/lib/orders/get-order";
import { checkout, counters, expectBooksBalanced, fillCart, newGuest, seedShop, TestClock } from "@/lib/testing/order-fixtures";

const t = testDbForFile({ poolSize: 20 });

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe("checkout", () => {
  it("turns the cart's holds into the order's holds, due at the payment deadline", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [10, 5], paymentTimeoutSeconds: 1200, priceCents: 1500 });
    const [a, b] = [items[0]!, items[1]!];
    const guest = await fillCart(t, clock, store.id, [
      { variantId: a.variantId, quantity: 3 },
      { variantId: b.variantId, quantity: 2 },
    ]);
    clock.advance(60);
    const result = await checkout(t, clock, guest);

    expect(result.created).toBe(true);
    const deadline = new Date(clock.now.getTime() + 1200_000).toISOString();
    expect(result.order).toMatchObject({ status: "PENDING_PAYMENT", totalCents: 3 * 1500 + 2 * 1500, paymentDeadline: deadline, paidAt: null });
    expect(result.order.lines.map((l) => [l.sku, l.quantity, l.unitPriceCents])).toEqual([
      [a.sku, 3, 1500],
      [b.sku, 2, 1500],
    ]);
    expect(result.payment.provider).toBe("sandbox");
    expect(result.payment.redirectUrl).toMatch(/^\/pay\/sandbox\/sbx_/);

    const holds = await t.db.hold.findMany({ where: { orderId: result.order.id }, select: { status: true, expiresAt: true, quantity: true } });
    expect(holds).toHaveLength(2);
    for (const h of holds) expect(h).toMatchObject({ status: "ACTIVE", expiresAt: new Date(deadline) });
    // Still reserved, not sold.
    expect(await counters(t, a.itemId)).toEqual({ stock: 10, reserved: 3 });
    expect(await counters(t, b.itemId)).toEqual({ stock: 5, reserved: 2 });
    const cart = await t.db.cart.findFirstOrThrow({ where: { tokenHash: guest.tokenHash }, select: { status: true } });
    expect(cart.status).toBe("CHECKED_OUT");
    const payment = await t.db.payment.findFirstOrThrow({ where: { orderId: result.order.id } });
    expect(payment).toMatchObject({ status: "PENDING", amountCents: 7500, attempts: 0, nextCheckAt: new Date(clock.now.getTime() + 30_000) });
    const sandbox = await t.db.sandboxPayment.findUniqueOrThrow({ where: { ref: payment.providerRef } });
    expect(sandbox).toMatchObject({ status: "pending", amountCents: 7500, reference: result.order.id, expiresAt: new Date(deadline) });
    await expectBooksBalanced(t);
  });

  it("refuses an empty cart with CART_EMPTY, and a second checkout of the same cart too", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [4] });
    expect((await errorOf(checkout(t, clock, newGuest(store.id)))).code).toBe("CART_EMPTY");
    const guest = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]);
    await checkout(t, clock, guest);
    expect((await errorOf(checkout(t, clock, guest))).code).toBe("CART_EMPTY");
  });

  it("refuses a cart with issues (409 CART_INVALID with them) and changes nothing", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [4, 4], reservationTtlSeconds: 600 });
    const guest = await fillCart(t, clock, store.id, [
      { variantId: items[0]!.variantId, quantity: 2 },
      { variantId: items[1]!.variantId, quantity: 1 },
    ]);
    clock.advance(601); // the holds lapsed
    const e = await errorOf(checkout(t, clock, guest));
    expect(e.code).toBe("CART_INVALID");
    const issues = (e.details as { issues: { code: string; variantId: string }[] }).issues;
    expect(issues.map((i) => i.code).sort()).toEqual(["HOLD_EXPIRED", "HOLD_EXPIRED"]);
    expect(await t.db.order.count({ where: { storeId: store.id } })).toBe(0);
    const cart = await t.db.cart.findFirstOrThrow({ where: { tokenHash: guest.tokenHash }, select: { status: true } });
    expect(cart.status).toBe("ACTIVE");
  });

  it("refuses a product archived after it was held", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [4] });
    const guest = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 2 }]);
    await t.db.product.update({ where: { id: items[0]!.productId }, data: { status: "ARCHIVED" } });
    const e = await errorOf(checkout(t, clock, guest));
    expect(e.code).toBe("CART_INVALID");
    expect((e.details as { issues: { code: string }[] }).issues.map((i) => i.code)).toEqual(["NOT_AVAILABLE"]);
  });

  it("returns the same order for the same Idempotency-Key, sequentially and when requests race", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [20] });
    const guest = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 2 }]);
    const results = await Promise.all(Array.from({ length: 8 }, () => checkout(t, clock, guest, "key-race-1")));
    const ids = new Set(results.map((r) => r.order.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.payment.redirectUrl)).size).toBe(1);
    expect(await t.db.order.count({ where: { storeId: store.id } })).toBe(1);
    expect(await t.db.payment.count({ where: { orderId: [...ids][0]! } })).toBe(1);
    // Later, the same key still answers the same order.
    const again = await checkout(t, clock, guest, "key-race-1");
    expect(again).toMatchObject({ created: false, order: { id: [...ids][0] } });
    expect(await counters(t, items[0]!.itemId)).toEqual({ stock: 20, reserved: 2 });
    await expectBooksBalanced(t);
  });

  it("two racing checkouts of one cart without a key: one order, the other CART_EMPTY", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [5] });
    const guest = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 5 }]);
    const settled = await Promise.allSettled([checkout(t, clock, guest), checkout(t, clock, guest), checkout(t, clock, guest)]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    for (const s of settled) if (s.status === "rejected") expect((s.reason as AppError).code).toBe("CART_EMPTY");
    expect(await t.db.order.count({ where: { storeId: store.id } })).toBe(1);
    await expectBooksBalanced(t);
  });

  it("refuses another shopper's Idempotency-Key (409 CONFLICT), never revealing their order", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [5] });
    const alice = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]);
    const bob = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]);
    await checkout(t, clock, alice, "shared-key");
    expect((await errorOf(checkout(t, clock, bob, "shared-key"))).code).toBe("CONFLICT");
  });

  it("shows the order to the cart that placed it and to admins only", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [5] });
    const other = await seedShop(t, clock, { stocks: [1] });
    const guest = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]);
    const { order } = await checkout(t, clock, guest);
    const no = async () => false;
    const view = await getOrderForViewer({ db: t.db }, { storeId: store.id, orderId: order.id, viewer: { userId: null, tokenHash: guest.tokenHash, isAdmin: no } });
    expect(view.id).toBe(order.id);
    const stranger = newGuest(store.id);
    expect(
      (await errorOf(getOrderForViewer({ db: t.db }, { storeId: store.id, orderId: order.id, viewer: { userId: null, tokenHash: stranger.tokenHash, isAdmin: no } }))).code,
    ).toBe("NOT_FOUND");
    const admin = await getOrderForViewer({ db: t.db }, { storeId: store.id, orderId: order.id, viewer: { userId: null, tokenHash: null, isAdmin: async () => true } });
    expect(admin.id).toBe(order.id);
    // Another store's routes never see it, admin or not.
    expect(
      (await errorOf(getOrderForViewer({ db: t.db }, { storeId: other.store.id, orderId: order.id, viewer: { userId: null, tokenHash: guest.tokenHash, isAdmin: async () => true } }))).code,
    ).toBe("NOT_FOUND");
  });
});
