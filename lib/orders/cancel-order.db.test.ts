// An admin cancelling an order awaiting payment: the provider-side payment is ended first; if it
// was in fact paid, the order becomes PAID instead. Exactly once, with the books in agreement.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { AppError } from "@/lib/errors";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { checkout, counters, expectBooksBalanced, fillCart, makeDeps, paymentOf, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { setSandboxOutcome } from "@/lib/payments/sandbox/sandbox-books";

const t = testDbForFile();

const admin = { type: "USER" as const, id: "u1", label: "admin@example.test" };

async function pendingOrder(clock: TestClock) {
  const { store, items } = await seedShop(t, clock, { stocks: [5] });
  const guest = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 2 }]);
  const { order } = await checkout(t, clock, guest);
  return { store, item: items[0]!, order, payment: await paymentOf(t, order.id) };
}

describe("cancelOrder (admin)", () => {
  it("expires the provider-side payment, then cancels BY_ADMIN and releases the units; twice is a 409", async () => {
    const clock = new TestClock();
    const { store, item, order, payment } = await pendingOrder(clock);
    const view = await cancelOrder(makeDeps(t, clock), { storeId: store.id, orderId: order.id, actor: admin });
    expect(view).toMatchObject({ status: "CANCELLED", cancelReason: "BY_ADMIN" });
    expect((await t.db.sandboxPayment.findUniqueOrThrow({ where: { ref: payment.providerRef } })).status).toBe("expired");
    expect(await counters(t, item.itemId)).toEqual({ stock: 5, reserved: 0 });
    const again = await cancelOrder(makeDeps(t, clock), { storeId: store.id, orderId: order.id, actor: admin }).catch((e: AppError) => e.code);
    expect(again).toBe("ORDER_NOT_PAYABLE");
    await expectBooksBalanced(t);
  });

  it("finds the order paid at the provider and makes it PAID instead", async () => {
    const clock = new TestClock();
    const { store, item, order, payment } = await pendingOrder(clock);
    await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
    const view = await cancelOrder(makeDeps(t, clock), { storeId: store.id, orderId: order.id, actor: admin });
    expect(view.status).toBe("PAID");
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 0 });
    await expectBooksBalanced(t);
  });

  it("never reaches another store's order", async () => {
    const clock = new TestClock();
    const { order } = await pendingOrder(clock);
    const other = await seedShop(t, clock, { stocks: [1] });
    const code = await cancelOrder(makeDeps(t, clock), { storeId: other.store.id, orderId: order.id, actor: admin }).catch((e: AppError) => e.code);
    expect(code).toBe("NOT_FOUND");
  });
});
