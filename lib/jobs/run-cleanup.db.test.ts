// The cleanup job against a real PostgreSQL: overdue orders settled only after asking the provider,
// one run at a time, dry runs that change nothing, thousands of lapsed holds swept in batches with
// the books in agreement, drift reported and repaired, low-stock alerts posted once.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { AppError } from "@/lib/errors";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { cartSetLine } from "@/lib/testing/inventory-fixtures";
import { SWEEP_SHARES } from "@/lib/inventory/sweep-lapsed-holds";
import { checkout, counters, expectBooksBalanced, fillCart, makeDeps, newGuest, paymentOf, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { setSandboxOutcome } from "@/lib/payments/sandbox/sandbox-books";
import { runCleanup, type CleanupFigures } from "@/lib/jobs/run-cleanup";

const t = testDbForFile({ poolSize: 20 });

async function cleanup(clock: TestClock, options: Parameters<typeof runCleanup>[1] = {}, extra: { alertWebhookUrl?: string } = {}): Promise<CleanupFigures> {
  const r = await runCleanup({ ...makeDeps(t, clock), ...extra }, options);
  if ("skipped" in r) throw new Error("cleanup skipped");
  return r;
}

async function pendingOrder(clock: TestClock, stock: number, quantity: number) {
  const { store, items } = await seedShop(t, clock, { stocks: [stock], paymentTimeoutSeconds: 600 });
  const item = items[0]!;
  const guest = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity }]);
  const { order } = await checkout(t, clock, guest);
  return { store, item, order, payment: await paymentOf(t, order.id) };
}

/** Everything the jobs could change, to prove a dry run changed nothing. */
async function snapshot() {
  const [items, holds, orders, payments, sandbox, ledger, alerts] = await Promise.all([
    t.db.inventoryItem.findMany({ select: { id: true, stock: true, reserved: true }, orderBy: { id: "asc" } }),
    t.db.hold.findMany({ select: { id: true, status: true, expiresAt: true }, orderBy: { id: "asc" } }),
    t.db.order.findMany({ select: { id: true, status: true, cancelReason: true }, orderBy: { id: "asc" } }),
    t.db.payment.findMany({ select: { id: true, status: true, attempts: true, nextCheckAt: true }, orderBy: { id: "asc" } }),
    t.db.sandboxPayment.findMany({ select: { ref: true, status: true }, orderBy: { ref: "asc" } }),
    t.db.stockMovement.count(),
    t.db.lowStockAlert.findMany({ select: { id: true, deliveredAt: true }, orderBy: { id: "asc" } }),
  ]);
  return { items, holds, orders, payments, sandbox, ledger, alerts };
}

describe("cleanup: orders past their deadline", () => {
  it("cancels an unpaid order only after expiring the provider-side payment, so a late Pay now cannot land", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 5, 2);
    clock.advance(599);
    expect(await cleanup(clock)).toMatchObject({ cancelledOrders: 0 });
    clock.advance(1);
    const f = await cleanup(clock);
    expect(f).toMatchObject({ cancelledOrders: 1, paidOrders: 0, pendingOrders: 0 });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true, cancelReason: true } })).toEqual({
      status: "CANCELLED",
      cancelReason: "PAYMENT_TIMEOUT",
    });
    expect((await t.db.sandboxPayment.findUniqueOrThrow({ where: { ref: payment.providerRef } })).status).toBe("expired");
    expect((await paymentOf(t, order.id)).status).toBe("CANCELLED");
    expect(await counters(t, item.itemId)).toEqual({ stock: 5, reserved: 0 });
    const late = await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" }).catch((e: AppError) => e.code);
    expect(late).toBe("CONFLICT");
    await expectBooksBalanced(t);
  });

  it("an order past its deadline whose payment actually succeeded becomes PAID, not cancelled", async () => {
    const clock = new TestClock();
    const { item, order, payment } = await pendingOrder(clock, 5, 2);
    clock.advance(300);
    // Paid in time, but the webhook was lost and the sync job has not run.
    await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
    clock.advance(3600);
    expect(await cleanup(clock)).toMatchObject({ cancelledOrders: 0, paidOrders: 1 });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PAID");
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 0 });
    await expectBooksBalanced(t);
  });

  it("an order without a payment (the provider failed at checkout) is cancelled at its deadline", async () => {
    const clock = new TestClock();
    const { item, order } = await pendingOrder(clock, 5, 1);
    await t.db.payment.deleteMany({ where: { orderId: order.id } });
    clock.advance(601);
    expect(await cleanup(clock)).toMatchObject({ cancelledOrders: 1 });
    expect(await counters(t, item.itemId)).toEqual({ stock: 5, reserved: 0 });
    await expectBooksBalanced(t);
  });
});

describe("cleanup: one run at a time, dry runs", () => {
  it("a run while another holds the lock answers skipped: locked; two runs at once: one works", async () => {
    const clock = new TestClock();
    const holder = new pg.Client({ connectionString: t.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext('shop.job.cleanup'))");
      expect(await runCleanup(makeDeps(t, clock))).toEqual({ job: "cleanup", skipped: true, reason: "locked" });
      await holder.query("SELECT pg_advisory_unlock(hashtext('shop.job.cleanup'))");
    } finally {
      await holder.end();
    }
    // Enough lapsed holds that the first run is still working when the second asks for the lock.
    const { store, items } = await seedShop(t, clock, { stocks: [100_000], reservationTtlSeconds: 60 });
    await Promise.all(Array.from({ length: 400 }, () => setCartLine({ db: t.db, now: clock.now }, { ...newGuest(store.id), variantId: items[0]!.variantId, mode: "add", quantity: 1 })));
    clock.advance(61);
    const runs = await Promise.all([runCleanup(makeDeps(t, clock), { holdBatchSize: 20 }), runCleanup(makeDeps(t, clock), { holdBatchSize: 20 })]);
    const skipped = runs.filter((r) => "skipped" in r);
    const worked = runs.filter((r): r is CleanupFigures => !("skipped" in r));
    expect(skipped).toEqual([{ job: "cleanup", skipped: true, reason: "locked" }]);
    expect(worked[0]).toMatchObject({ expiredHolds: 400, releasedUnits: 400 });
    const recorded = await t.db.jobRun.groupBy({ by: ["status"], where: { job: "cleanup" }, _count: true });
    expect(Object.fromEntries(recorded.map((r) => [r.status, r._count]))).toMatchObject({ SKIPPED: 2 });
    await expectBooksBalanced(t);
  });

  it("a dry run reports what it would do and changes nothing", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [50, 50], reservationTtlSeconds: 60, paymentTimeoutSeconds: 600 });
    for (let n = 0; n < 5; n++) await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 2 }]);
    const buyer = await fillCart(t, clock, store.id, [{ variantId: items[1]!.variantId, quantity: 3 }]);
    await checkout(t, clock, buyer);
    await t.db.$executeRaw`UPDATE "InventoryItem" SET stock = stock + 7 WHERE id = ${items[1]!.itemId}`; // drift
    clock.advance(3600);
    const before = await snapshot();
    const dry = await cleanup(clock, { dryRun: true, repair: true });
    expect(dry).toMatchObject({ dryRun: true, expiredHolds: 5, releasedUnits: 10, cancelledOrders: 1, drift: 1, repaired: 0 });
    expect(await snapshot()).toEqual(before);
    const run = await runCleanup(makeDeps(t, clock), { repair: true });
    expect(run).toMatchObject({ dryRun: false, expiredHolds: 5, releasedUnits: 10, cancelledOrders: 1, drift: 1, repaired: 1 });
    await expectBooksBalanced(t);
  });
});

describe("cleanup: drifted counters", () => {
  it("an item drifted below its holds stops the sweep but not the orders; cleanup --repair repairs it first, then sweeps", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [40], reservationTtlSeconds: 60 });
    for (let n = 0; n < 4; n++) await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 2 }]);
    // Drift: the counter says 1 unit held where the holds say 8 (a bad manual edit, say).
    await t.db.$executeRaw`UPDATE "InventoryItem" SET reserved = 1 WHERE id = ${items[0]!.itemId}`;
    // Elsewhere, an order that will be overdue: the failed sweep must not keep it from being cancelled.
    const other = await pendingOrder(clock, 10, 3);
    clock.advance(3600);
    // Without repair the sweep's batch hits the CHECK (reserved >= 0): the drifted item's holds do
    // not move and the run is recorded FAILED, but the overdue order was still settled.
    const failedBefore = await t.db.jobRun.count({ where: { job: "cleanup", status: "FAILED" } });
    await expect(runCleanup(makeDeps(t, clock))).rejects.toThrow();
    expect(await t.db.hold.count({ where: { inventoryItemId: items[0]!.itemId, status: "ACTIVE" } })).toBe(4);
    expect(await t.db.jobRun.count({ where: { job: "cleanup", status: "FAILED" } })).toBe(failedBefore + 1);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: other.order.id }, select: { status: true } })).toEqual({ status: "CANCELLED" });
    expect(await counters(t, other.item.itemId)).toMatchObject({ reserved: 0 });
    // With repair: reserved := the holds (8), then the four lapsed holds are expired (8 units).
    const run = await cleanup(clock, { repair: true });
    expect(run).toMatchObject({ expiredHolds: 4, releasedUnits: 8, drift: 1, repaired: 1, done: true });
    expect(run.driftItems?.[0]).toMatchObject({ itemId: items[0]!.itemId, reserved: 1, activeHeld: 8 });
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: items[0]!.itemId }, select: { stock: true, reserved: true } })).toEqual({ stock: 40, reserved: 0 });
    await expectBooksBalanced(t);
    // And the next plain run finds nothing to do.
    expect(await cleanup(clock)).toMatchObject({ expiredHolds: 0, drift: 0, repaired: 0 });
  });
});

describe("cleanup: volume and books", () => {
  it("thousands of lapsed holds swept in batches leave counters, holds and ledger in agreement", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: Array.from({ length: 30 }, () => 400), reservationTtlSeconds: 120 });
    // 3,000 holds from 1,500 guests over 30 items (through the real cart engine), a few still live.
    const guests = Array.from({ length: 1500 }, () => newGuest(store.id));
    const jobs = guests.flatMap((g, n) => [0, 1].map((k) => ({ g, variantId: items[(n * 2 + k) % 30]!.variantId, quantity: 1 + ((n + k) % 3) })));
    for (let i = 0; i < jobs.length; i += 20) {
      await Promise.all(
        jobs.slice(i, i + 20).map((j) =>
          cartSetLine(t.db, { storeId: store.id, token: j.g.tokenHash, variantId: j.variantId, mode: "add", quantity: j.quantity, now: clock.now }),
        ),
      );
    }
    clock.advance(121);
    const live = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]);
    const lapsed = await t.db.hold.aggregate({ where: { status: "ACTIVE", expiresAt: { lte: clock.now } }, _count: true, _sum: { quantity: true } });
    expect(lapsed._count).toBe(3000);

    const f = await cleanup(clock, { holdBatchSize: 250 });
    expect(f).toMatchObject({ expiredHolds: 3000, releasedUnits: lapsed._sum.quantity, drift: 0, done: true });
    // 3,000 / 250 = 12 batches, give or take one per share cut short (the shares split the items).
    expect(f.sweepBatches).toBeGreaterThanOrEqual(12);
    expect(f.sweepBatches).toBeLessThanOrEqual(12 + SWEEP_SHARES - 1);
    expect(await t.db.hold.count({ where: { status: "ACTIVE", expiresAt: { lte: clock.now } } })).toBe(0);
    expect(await t.db.hold.count({ where: { status: "ACTIVE", cartId: { not: null }, cart: { tokenHash: live.tokenHash } } })).toBe(1);
    const reserved = await t.db.inventoryItem.aggregate({ where: { storeId: store.id }, _sum: { reserved: true } });
    expect(reserved._sum.reserved).toBe(1);
    // The run is on record with its figures.
    expect(await t.db.jobRun.count({ where: { job: "cleanup", status: "OK", figures: { path: ["expiredHolds"], equals: 3000 } } })).toBe(1);
    await expectBooksBalanced(t);
    // A second run finds nothing to do.
    expect(await cleanup(clock)).toMatchObject({ expiredHolds: 0, releasedUnits: 0 });
  });

  it("stops at its time budget and leaves the rest for the next run", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [1000], reservationTtlSeconds: 30 });
    for (let i = 0; i < 10; i++) await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]);
    clock.advance(31);
    const f = await cleanup(clock, { budgetMs: 0 });
    expect(f).toMatchObject({ expiredHolds: 0, done: false });
    expect(await cleanup(clock)).toMatchObject({ expiredHolds: 10, done: true });
    await expectBooksBalanced(t);
  });
});

describe("low-stock alerts", () => {
  let server: Server;
  const received: unknown[] = [];
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("records one alert when an item crosses its threshold downward and posts it once (Slack-compatible)", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [10], lowStockDefault: 3 });
    const item = items[0]!;
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 5 }]); // 5 left: above
    expect(await t.db.lowStockAlert.count({ where: { inventoryItemId: item.itemId } })).toBe(0);
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 3 }]); // 2 left: crossed
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 1 }]); // 1 left: still under, no new alert
    const alerts = await t.db.lowStockAlert.findMany({ where: { inventoryItemId: item.itemId }, select: { available: true, threshold: true } });
    expect(alerts).toEqual([{ available: 2, threshold: 3 }]);

    await cleanup(clock, {}, { alertWebhookUrl: url });
    await cleanup(clock, {}, { alertWebhookUrl: url });
    const ours = received.filter((m) => (m as { sku: string }).sku === item.sku);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ available: 2, threshold: 3, text: expect.stringContaining("2 left") });
    expect((await t.db.lowStockAlert.findFirstOrThrow({ where: { inventoryItemId: item.itemId } })).deliveredAt).not.toBeNull();
  });

  it("a failed post is given back and retried by the next run", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [4], lowStockDefault: 2 });
    await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 3 }]);
    await cleanup(clock, {}, { alertWebhookUrl: "http://127.0.0.1:9/unreachable" });
    expect((await t.db.lowStockAlert.findFirstOrThrow({ where: { inventoryItemId: items[0]!.itemId } })).deliveredAt).toBeNull();
    await cleanup(clock, {}, { alertWebhookUrl: url });
    expect(received.filter((m) => (m as { sku: string }).sku === items[0]!.sku)).toHaveLength(1);
  });
});

describe("cleanup: Idempotency-Key records", () => {
  it("deletes the records past their 24 h and keeps the live ones; a dry run deletes none", async () => {
    const clock = new TestClock();
    const { store } = await seedShop(t, clock, { stocks: [1] });
    const record = (key: string, createdAt: Date) => ({
      storeId: store.id,
      key,
      bodyHash: "h",
      status: 201,
      response: { ok: true },
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 24 * 3600_000),
    });
    const past = new Date(clock.now.getTime() - 25 * 3600_000);
    await t.db.idempotencyRecord.createMany({ data: [record("old-1", past), record("old-2", past), record("fresh", clock.now)] });
    const keys = async () => (await t.db.idempotencyRecord.findMany({ where: { storeId: store.id }, select: { key: true }, orderBy: { key: "asc" } })).map((r) => r.key);

    expect(await cleanup(clock, { dryRun: true })).toMatchObject({ idempotencyKeysPurged: 0 });
    expect(await keys()).toEqual(["fresh", "old-1", "old-2"]);
    const run = await cleanup(clock);
    expect(run.idempotencyKeysPurged).toBeGreaterThanOrEqual(2);
    expect(await keys()).toEqual(["fresh"]);
    clock.advance(24 * 3600);
    await cleanup(clock);
    expect(await keys()).toEqual([]);
  });
});
