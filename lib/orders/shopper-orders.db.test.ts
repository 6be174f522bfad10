// The orders domain added for the first hour, on a real PostgreSQL: the checkout contact, putting a
// cancelled order back in the cart (held as far as stock allows, the rest explained), a shopper's
// orders newest first in pages, the admin's view of one order (holds, payment history, ledger), and
// the admin search by number or email.
import { adminOrderDetailSchema } from "@/lib/admin/response-schemas";
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { checkoutCart } from "@/lib/orders/checkout-cart";
import { getAdminOrder } from "@/lib/orders/get-admin-order";
import { listShopperOrders } from "@/lib/orders/list-shopper-orders";
import { listStoreOrders } from "@/lib/orders/list-store-orders";
import { putOrderBackInCart } from "@/lib/orders/put-back-in-cart";
import { isValidOrderLinkKey, orderLinkKey } from "@/lib/orders/order-link";
import { settlePayment } from "@/lib/payments/settle-payment";
import { syncPayments } from "@/lib/jobs/sync-payments";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { checkout, counters, expectBooksBalanced, fillCart, makeDeps, newGuest, paymentOf, seedShop, TestClock } from "@/lib/testing/order-fixtures";

const t = testDbForFile();

describe("orders for the first hour", () => {
  it("records the guest's email, puts a declined order back in the cart as far as stock allows, and shows the admin its history", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [5, 2] });
    const guest = await fillCart(t, clock, store.id, [
      { variantId: items[0]!.variantId, quantity: 2 },
      { variantId: items[1]!.variantId, quantity: 2 },
    ]);
    const placed = await checkoutCart(makeDeps(t, clock), {
      ...guest,
      idempotencyKey: null,
      email: "guest@example.test",
      returnUrlFor: (id) => `http://shop.test/s/orders/${id}`,
    });
    expect(placed.order.email).toBe("guest@example.test");
    const pay = await paymentOf(t, placed.order.id);

    // The sync job polls (still pending), then the webhook says it failed.
    clock.advance(60);
    await syncPayments(makeDeps(t, clock));
    await settlePayment(makeDeps(t, clock), { provider: pay.provider, ref: pay.providerRef, outcome: "failed", event: { id: "evt-1", type: "payment.failed" }, source: "webhook:sandbox" });
    const detail = await getAdminOrder(t, { storeId: store.id, orderId: placed.order.id });
    expect(detail.order.status).toBe("CANCELLED");
    expect(detail.payment).toMatchObject({ provider: "sandbox", reference: pay.providerRef, status: "FAILED" });
    expect(detail.payment!.history.map((h) => [h.source, h.status, h.result])).toEqual([
      ["payment-sync", "pending", "STILL_PENDING"],
      ["webhook:sandbox", "failed", "CANCELLED"],
    ]);
    expect(detail.holds.map((h) => [h.quantity, h.status]).sort()).toEqual([
      [2, "RELEASED"],
      [2, "RELEASED"],
    ]);
    expect(detail.movements.length).toBeGreaterThanOrEqual(2);
    // The route sends it as is; the documented schema (lib/admin/response-schemas.ts) reads it unchanged.
    expect(adminOrderDetailSchema.parse(detail)).toEqual(detail);
    await expect(getAdminOrder(t, { storeId: "another-store", orderId: placed.order.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Someone takes one of the two scarce units; the shopper puts the order back.
    await setCartLine({ db: t.db, now: clock.now }, { ...newGuest(store.id), variantId: items[1]!.variantId, mode: "add", quantity: 1 });
    const back = await putOrderBackInCart({ db: t.db, now: clock.now }, { orderId: placed.order.id, owner: guest });
    expect(back.cart.lines.map((l) => [l.variantId, l.quantity, l.held]).sort()).toEqual(
      [
        [items[0]!.variantId, 2, 2],
        [items[1]!.variantId, 1, 1],
      ].sort(),
    );
    expect(back.notes).toEqual([expect.objectContaining({ variantId: items[1]!.variantId, requested: 2, held: 1, reason: "FEWER_LEFT" })]);
    expect(back.notes[0]!.message).toContain("Only 1 left of Product 1");
    expect(await counters(t, items[1]!.itemId)).toEqual({ stock: 2, reserved: 2 });
    // Only a cancelled order can be put back.
    const other = await checkout(t, clock, await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]));
    await expect(putOrderBackInCart({ db: t.db, now: clock.now }, { orderId: other.order.id, owner: guest })).rejects.toMatchObject({ code: "CONFLICT" });
    await expectBooksBalanced(t);
  });

  it("lists a shopper's orders newest first in pages, and finds orders by number or email", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [50] });
    const u = await t.db.user.create({ data: { email: `pat-${store.id}@example.test`, passwordHash: "x" } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1);
      await setCartLine({ db: t.db, now: clock.now }, { storeId: store.id, userId: u.id, tokenHash: null, variantId: items[0]!.variantId, mode: "add", quantity: 1 });
      const r = await checkoutCart(makeDeps(t, clock), { storeId: store.id, userId: u.id, tokenHash: null, idempotencyKey: null, returnUrlFor: (id) => id });
      expect(r.order.email).toBe(u.email); // a signed-in shopper's contact is their account's email
      ids.push(r.order.id);
    }
    const first = await listShopperOrders(t, { storeId: store.id, userId: u.id, limit: 3 });
    expect(first.items.map((o) => o.id)).toEqual(ids.slice(-3).reverse());
    const second = await listShopperOrders(t, { storeId: store.id, userId: u.id, limit: 3, cursor: first.nextCursor });
    expect(second.items.map((o) => o.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.nextCursor).toBeNull();
    expect((await listShopperOrders(t, { storeId: store.id, userId: "someone-else" })).items).toEqual([]);

    const target = await t.db.order.findUniqueOrThrow({ where: { id: ids[2]! }, select: { number: true } });
    const byNumber = await listStoreOrders(t, { storeId: store.id, q: `#${target.number}`, limit: 50 });
    expect(byNumber.items.map((o) => o.id)).toEqual([ids[2]]);
    const byEmail = await listStoreOrders(t, { storeId: store.id, q: u.email.toUpperCase(), limit: 2 });
    expect(byEmail.items).toHaveLength(2);
    expect(byEmail.nextCursor).not.toBeNull();
    expect((await listStoreOrders(t, { storeId: store.id, q: "nobody@example.test", limit: 50 })).items).toEqual([]);
  });

  it("signs order links that open only their own order", () => {
    const key = orderLinkKey("a-secret-of-some-length", "order-1");
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(isValidOrderLinkKey("a-secret-of-some-length", "order-1", key)).toBe(true);
    expect(isValidOrderLinkKey("a-secret-of-some-length", "order-2", key)).toBe(false);
    expect(isValidOrderLinkKey("another-secret-entirely", "order-1", key)).toBe(false);
    expect(isValidOrderLinkKey(undefined, "order-1", key)).toBe(false);
    expect(isValidOrderLinkKey("a-secret-of-some-length", "order-1", "short")).toBe(false);
  });
});
