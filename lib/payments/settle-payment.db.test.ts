// The order lifecycle against a real PostgreSQL: each transition exactly once whoever triggers it,
// units sold or released with the ledger in agreement, late payments sold or refunded, never oversold.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { AppError } from "@/lib/errors";
import {
  checkout,
  counters,
  expectBooksBalanced,
  fillCart,
  makeDeps,
  paymentOf,
  SANDBOX_TEST_SECRET,
  seedShop,
  TestClock,
} from "@/lib/testing/order-fixtures";
import { handlePaymentWebhook } from "@/lib/payments/handle-payment-webhook";
import { sandboxEventOf, setSandboxOutcome } from "@/lib/payments/sandbox/sandbox-books";
import { signSandboxPayload, SANDBOX_SIGNATURE_HEADER } from "@/lib/payments/sandbox/sandbox-signature";
import { settlePayment } from "@/lib/payments/settle-payment";
import { syncPayments } from "@/lib/jobs/sync-payments";

const t = testDbForFile({ poolSize: 20 });

/** A shopper with `quantity` units of a fresh item (of `stock`) in an order awaiting payment. */
async function pendingOrder(clock: TestClock, stock: number, quantity: number, opts: { paymentTimeoutSeconds?: number } = {}) {
  const { store, items } = await seedShop(t, clock, { stocks: [stock], ...opts });
  const item = items[0]!;
  const guest = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity }]);
  const { order } = await checkout(t, clock, guest);
  const payment = await paymentOf(t, order.id);
  return { store, item, order, payment };
}

/** What the sandbox would post after an outcome, signed. */
function signedWebhook(clock: TestClock, event: object) {
  const rawBody = JSON.stringify(event);
  const headers = new Headers({ [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(rawBody, SANDBOX_TEST_SECRET, clock.now) });
  return { rawBody, headers };
}

async function ledgerOf(orderId: string) {
  return t.db.stockMovement.findMany({ where: { orderId }, select: { kind: true, stockDelta: true, reservedDelta: true }, orderBy: { id: "asc" } });
}

async function orderRow(orderId: string) {
  return t.db.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true, cancelReason: true, paidAt: true } });
}

describe("payment outcomes", () => {
  it("Pay now → PAID: stock and reserved both drop by the quantity", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 10, 3);
    expect(await counters(t, item.itemId)).toEqual({ stock: 10, reserved: 3 });
    clock.advance(20);
    const { event } = await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
    const result = await handlePaymentWebhook(makeDeps(t, clock), { provider: "sandbox", ...signedWebhook(clock, event!) });
    expect(result.result).toBe("PAID");
    expect(await counters(t, item.itemId)).toEqual({ stock: 7, reserved: 0 });
    expect(await orderRow(order.id)).toMatchObject({ status: "PAID", paidAt: clock.now });
    expect(await ledgerOf(order.id)).toEqual([{ kind: "SALE", stockDelta: -3, reservedDelta: -3 }]);
    expect((await paymentOf(t, order.id)).status).toBe("SUCCEEDED");
    await expectBooksBalanced(t);
  });

  it("Decline → CANCELLED (PAYMENT_FAILED): the units are available again", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 4, 4);
    const { event } = await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "fail" });
    const result = await handlePaymentWebhook(makeDeps(t, clock), { provider: "sandbox", ...signedWebhook(clock, event!) });
    expect(result.result).toBe("CANCELLED");
    expect(await counters(t, item.itemId)).toEqual({ stock: 4, reserved: 0 });
    expect(await orderRow(order.id)).toMatchObject({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED" });
    expect(await ledgerOf(order.id)).toEqual([{ kind: "RELEASE", stockDelta: 0, reservedDelta: -4 }]);
    expect((await paymentOf(t, order.id)).status).toBe("FAILED");
    const holds = await t.db.hold.findMany({ where: { orderId: order.id }, select: { status: true } });
    expect(holds.map((h) => h.status)).toEqual(["RELEASED"]);
    await expectBooksBalanced(t);
  });

  it("the same webhook event delivered five times at once: one transition, one ledger entry", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 6, 2);
    const { event } = await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
    const delivery = signedWebhook(clock, event!);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => handlePaymentWebhook(makeDeps(t, clock), { provider: "sandbox", rawBody: delivery.rawBody, headers: delivery.headers })),
    );
    expect(results.map((r) => r.result).sort()).toEqual(["DUPLICATE_EVENT", "DUPLICATE_EVENT", "DUPLICATE_EVENT", "DUPLICATE_EVENT", "PAID"]);
    expect(await ledgerOf(order.id)).toEqual([{ kind: "SALE", stockDelta: -2, reservedDelta: -2 }]);
    expect(await counters(t, item.itemId)).toEqual({ stock: 4, reserved: 0 });
    expect(await t.db.webhookEvent.count({ where: { eventId: event!.id } })).toBe(1);
    await expectBooksBalanced(t);
  });

  it("distinct events for the same outcome (the provider retrying with new ids) still transition once", async () => {
    const clock = new TestClock();
    const { order, payment } = await pendingOrder(clock, 6, 2);
    await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
    const view = { ref: payment.providerRef, status: "succeeded" as const, reference: order.id, amountCents: 0, currency: "USD", returnUrl: "", expiresAt: clock.now };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => handlePaymentWebhook(makeDeps(t, clock), { provider: "sandbox", ...signedWebhook(clock, sandboxEventOf(view, clock.now)!) })),
    );
    expect(results.map((r) => r.result).sort()).toEqual(["NO_CHANGE", "NO_CHANGE", "NO_CHANGE", "PAID"]);
    expect(await ledgerOf(order.id)).toHaveLength(1);
    await expectBooksBalanced(t);
  });

  it("a webhook racing the sync job for the same payment: exactly one transition, one ledger entry", async () => {
    for (let round = 0; round < 5; round++) {
      const clock = new TestClock();
      const { item, order, payment } = await pendingOrder(clock, 5, 1);
      const { event } = await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
      clock.advance(30); // the payment is due for a check
      const [hook, sync] = await Promise.all([
        handlePaymentWebhook(makeDeps(t, clock), { provider: "sandbox", ...signedWebhook(clock, event!) }),
        syncPayments(makeDeps(t, clock)),
      ]);
      expect(["PAID", "NO_CHANGE"]).toContain(hook.result);
      expect(sync).toMatchObject({ job: "payment-sync" });
      expect(await ledgerOf(order.id)).toEqual([{ kind: "SALE", stockDelta: -1, reservedDelta: -1 }]);
      expect(await counters(t, item.itemId)).toEqual({ stock: 4, reserved: 0 });
      expect(await orderRow(order.id)).toMatchObject({ status: "PAID" });
    }
    await expectBooksBalanced(t);
  });

  it("rejects a tampered, unsigned or stale webhook", async () => {
    const clock = new TestClock();
    const { order, payment } = await pendingOrder(clock, 3, 1);
    const { event } = await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
    const good = signedWebhook(clock, event!);
    const deps = makeDeps(t, clock);
    const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e: AppError) => e.code);
    expect(await codeOf(handlePaymentWebhook(deps, { provider: "sandbox", rawBody: good.rawBody.replace("succeeded", "failed"), headers: good.headers }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(handlePaymentWebhook(deps, { provider: "sandbox", rawBody: good.rawBody, headers: new Headers() }))).toBe("UNAUTHENTICATED");
    clock.advance(600); // outside the replay window
    expect(await codeOf(handlePaymentWebhook(makeDeps(t, clock), { provider: "sandbox", ...good }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(handlePaymentWebhook(deps, { provider: "nope", ...good }))).toBe("NOT_FOUND");
    expect((await paymentOf(t, order.id)).status).toBe("PENDING");
    expect(await ledgerOf(order.id)).toEqual([]);
  });
});

describe("late payments", () => {
  it("a success after cancellation sells from available units when there are enough (LATE_SALE)", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 5, 2);
    await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "failed", source: "test" });
    expect(await counters(t, item.itemId)).toEqual({ stock: 5, reserved: 0 });
    clock.advance(5);
    const r = await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "succeeded", source: "test" });
    expect(r.code).toBe("LATE_SOLD");
    expect(await orderRow(order.id)).toMatchObject({ status: "PAID", cancelReason: null });
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 0 });
    expect(await ledgerOf(order.id)).toEqual([
      { kind: "RELEASE", stockDelta: 0, reservedDelta: -2 },
      { kind: "LATE_SALE", stockDelta: -2, reservedDelta: 0 },
    ]);
    // Once more: nothing.
    const again = await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "succeeded", source: "test" });
    expect(again.code).toBe("NO_CHANGE");
    expect(await ledgerOf(order.id)).toHaveLength(2);
    await expectBooksBalanced(t);
  });

  it("a success after cancellation when the units are gone is refunded through the provider (LATE_PAYMENT_REFUNDED), never oversold", async () => {
    const clock = new TestClock();
    const { store, item, order, payment } = await pendingOrder(clock, 3, 2);
    await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "fail" });
    await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "failed", source: "test" });
    // Someone else takes all 3 units.
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 3 }]);
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 3 });
    // The provider reports the money arrived after all (e.g. a retried charge).
    await t.db.sandboxPayment.update({ where: { ref: payment.providerRef }, data: { status: "succeeded" } });
    const results = await Promise.all([1, 2, 3].map(() => settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "succeeded", source: "test" })));
    expect(results.some((r) => r.code === "REFUND_NEEDED" && r.refunded)).toBe(true);
    expect(await orderRow(order.id)).toMatchObject({ status: "CANCELLED", cancelReason: "LATE_PAYMENT_REFUNDED" });
    expect((await paymentOf(t, order.id)).status).toBe("REFUNDED");
    expect((await t.db.sandboxPayment.findUniqueOrThrow({ where: { ref: payment.providerRef } })).status).toBe("refunded");
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 3 });
    expect(await ledgerOf(order.id)).toEqual([{ kind: "RELEASE", stockDelta: 0, reservedDelta: -2 }]);
    const after = await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "succeeded", source: "test" });
    expect(after.code).toBe("NO_CHANGE");
    await expectBooksBalanced(t);
  });

  it("a payment for an order whose hold was released by hand and whose units are gone: cancelled and refunded, never oversold", async () => {
    const clock = new TestClock();
    const { store, item, order, payment } = await pendingOrder(clock, 2, 2);
    const [hold] = await t.db.hold.findMany({ where: { orderId: order.id }, select: { id: true } });
    await t.db.$queryRaw`SELECT * FROM inv_release_holds(${[hold!.id]}::text[], 'RELEASED', 'SYSTEM', NULL, NULL, 'by hand', ${clock.now.toISOString()}::timestamp(3))`;
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 2 }]); // someone else takes them
    await t.db.sandboxPayment.update({ where: { ref: payment.providerRef }, data: { status: "succeeded" } });
    const r = await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "succeeded", source: "test" });
    expect(r).toMatchObject({ code: "REFUND_NEEDED", refunded: true });
    expect(await orderRow(order.id)).toMatchObject({ status: "CANCELLED", cancelReason: "LATE_PAYMENT_REFUNDED" });
    expect((await paymentOf(t, order.id)).status).toBe("REFUNDED");
    expect(await counters(t, item.itemId)).toEqual({ stock: 2, reserved: 2 });
    await expectBooksBalanced(t);
  });

  it("a payment for an order whose hold was released by hand sells from available units when it can", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 5, 2);
    const [hold] = await t.db.hold.findMany({ where: { orderId: order.id }, select: { id: true } });
    await t.db.$queryRaw`SELECT * FROM inv_release_holds(${[hold!.id]}::text[], 'RELEASED', 'SYSTEM', NULL, NULL, 'by hand', ${clock.now.toISOString()}::timestamp(3))`;
    const r = await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "succeeded", source: "test" });
    expect(r.code).toBe("PAID");
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 0 });
    expect((await ledgerOf(order.id)).map((m) => m.kind)).toEqual(["RELEASE", "LATE_SALE"]);
    await expectBooksBalanced(t);
  });

  it("a paid order ignores a later failure", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 3, 1);
    await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "succeeded", source: "test" });
    const r = await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "failed", source: "test" });
    expect(r.code).toBe("NO_CHANGE");
    expect(await orderRow(order.id)).toMatchObject({ status: "PAID" });
    expect(await counters(t, item.itemId)).toEqual({ stock: 2, reserved: 0 });
    await expectBooksBalanced(t);
  });
});
