// The payment-sync job against a real PostgreSQL and the real sandbox provider, on a test clock:
// a lost webhook is caught on the backoff schedule, and a payment pending for 24 h is given up.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { AppError } from "@/lib/errors";
import { checkout, counters, expectBooksBalanced, fillCart, makeDeps, paymentOf, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { setSandboxOutcome } from "@/lib/payments/sandbox/sandbox-books";
import { syncPayments, type SyncFigures } from "@/lib/jobs/sync-payments";

const t = testDbForFile({ poolSize: 12 });

async function pendingOrder(clock: TestClock, stock: number, quantity: number, paymentTimeoutSeconds = 1800) {
  const { store, items } = await seedShop(t, clock, { stocks: [stock], paymentTimeoutSeconds });
  const item = items[0]!;
  const guest = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity }]);
  const { order } = await checkout(t, clock, guest);
  return { item, order, payment: await paymentOf(t, order.id) };
}

async function sync(clock: TestClock): Promise<SyncFigures> {
  const r = await syncPayments(makeDeps(t, clock));
  if ("skipped" in r) throw new Error("sync skipped");
  return r;
}

describe("payment-sync", () => {
  it("finds the outcome of a payment whose webhook was lost, once its check is due", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 8, 2);
    clock.advance(10);
    // The shopper pays; the webhook never arrives (SANDBOX_WEBHOOKS=off): nothing is sent here.
    await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
    expect(await sync(clock)).toMatchObject({ checked: 0 }); // first check is 30 s after checkout
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PENDING_PAYMENT");
    clock.advance(20);
    expect(await sync(clock)).toMatchObject({ checked: 1, succeeded: 1, failed: 0, stillPending: 0 });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PAID");
    expect(await counters(t, item.itemId)).toEqual({ stock: 6, reserved: 0 });
    expect(await sync(clock)).toMatchObject({ checked: 0 });
    await expectBooksBalanced(t);
  });

  it("backs off per payment: 30 s, 1 min, 2 min, 4 min … capped at 1 h", async () => {
    const clock = new TestClock();
    const created = clock.now.getTime();
    const { payment } = await pendingOrder(clock, 3, 1, 24 * 3600);
    const checksAt: number[] = [];
    // Run the job every 30 s of test time for 3 hours; record when it actually checked our payment.
    for (let s = 30; s <= 3 * 3600; s += 30) {
      clock.now = new Date(created + s * 1000);
      const { attempts: before } = await t.db.payment.findUniqueOrThrow({ where: { id: payment.id }, select: { attempts: true } });
      await sync(clock);
      const after = await t.db.payment.findUniqueOrThrow({ where: { id: payment.id }, select: { attempts: true } });
      if (after.attempts > before) checksAt.push(s);
    }
    const gaps = checksAt.map((s, i) => s - (i === 0 ? 0 : checksAt[i - 1]!));
    expect(gaps.slice(0, 8)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600]);
    expect(gaps.slice(8).every((g) => g === 3600)).toBe(true);
    // Leave nothing pending for the other cases.
    await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "fail" });
    clock.advance(3600);
    await sync(clock);
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("FAILED");
  });

  it("gives up after 24 h: the provider-side payment is expired first, the order cancelled, its units released", async () => {
    const clock = new TestClock();
    const start = clock.now.getTime();
    // A provider that keeps its payment open longer than the shop waits (Stripe: up to 24 h, plus
    // an asynchronous payment method still processing): only the sync job's 24 h limit applies.
    const { item, order, payment } = await pendingOrder(clock, 5, 5, 24 * 3600);
    await t.db.sandboxPayment.update({ where: { ref: payment.providerRef }, data: { expiresAt: new Date(start + 3 * 24 * 3600_000) } });
    for (let h = 1; h < 24; h++) {
      clock.now = new Date(start + h * 3600_000);
      const f = await sync(clock);
      expect(f.gaveUp).toBe(0);
    }
    clock.now = new Date(start + 24 * 3600_000 + 1000);
    expect(await sync(clock)).toMatchObject({ checked: 1, gaveUp: 1 });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true, cancelReason: true } })).toEqual({
      status: "CANCELLED",
      cancelReason: "PAYMENT_TIMEOUT",
    });
    expect(await counters(t, item.itemId)).toEqual({ stock: 5, reserved: 0 });
    expect((await paymentOf(t, order.id)).status).toBe("CANCELLED");
    // A late "Pay now" on the provider's page cannot land any more.
    const late = await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" }).catch((e: AppError) => e.code);
    expect(late).toBe("CONFLICT");
    await expectBooksBalanced(t);
  });

  it("a dry run reports and changes nothing", async () => {
    const clock = new TestClock();
    const { order, payment } = await pendingOrder(clock, 5, 1);
    await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "fail" });
    clock.advance(31);
    const dry = await syncPayments(makeDeps(t, clock), { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, checked: 1, failed: 1 });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PENDING_PAYMENT");
    expect(await paymentOf(t, order.id)).toMatchObject({ status: "PENDING", attempts: 0 });
    expect(await sync(clock)).toMatchObject({ checked: 1, failed: 1 });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("CANCELLED");
  });
});
