// Alerts after job runs, against a real PostgreSQL and a local HTTP receiver: one alert per health
// crossing however many runs see it (a note on recovery), one after two failed runs in a row, one
// per counter drift, and a daily digest listing exactly the low-stock items.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAlertReceiver, type AlertReceiver, type ReceivedAlert } from "@/lib/testing/alert-receiver";
import { runCleanup } from "@/lib/jobs/run-cleanup";
import { runJob } from "@/lib/jobs/run-job";
import { syncPayments } from "@/lib/jobs/sync-payments";
import { fillCart, makeDeps, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { seedItem, seedStore } from "@/lib/testing/inventory-fixtures";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";

let t: TestDb;
let receiver: AlertReceiver;

beforeAll(async () => {
  receiver = await startAlertReceiver();
});
afterAll(() => receiver.close());
beforeEach(async () => {
  t = await createTestDb();
  receiver.received.length = 0;
  receiver.refuse = false;
});
afterEach(() => t.drop());

function deps(clock: TestClock, opts: { url?: string | null; threshold?: number } = {}) {
  return { ...makeDeps(t, clock), alertWebhookUrl: opts.url === undefined ? receiver.url : opts.url, healthAlertThreshold: opts.threshold ?? 80 };
}

async function cleanup(clock: TestClock, opts: { url?: string | null; threshold?: number; repair?: boolean } = {}) {
  return runCleanup(deps(clock, opts), { repair: opts.repair ?? false });
}

async function paymentSync(clock: TestClock, opts: { url?: string | null; threshold?: number } = {}) {
  return syncPayments(deps(clock, opts));
}

const kinds = {
  below: (m: ReceivedAlert) => m.text.startsWith(":rotating_light: Shop health fell"),
  recovered: (m: ReceivedAlert) => m.text.startsWith(":white_check_mark: Shop health is back"),
  failing: (m: ReceivedAlert) => m.text.startsWith(":x: The"),
  drift: (m: ReceivedAlert) => m.text.startsWith(":warning: Counter drift"),
  digest: (m: ReceivedAlert) => m.text.startsWith(":package: Low stock digest"),
};

describe("health score alerts", () => {
  it("alert once when the score crosses below the threshold, however many runs see it; once more after it recovered and fell again", async () => {
    const clock = new TestClock();
    await seedShop(t, clock, { stocks: [5, 7] }); // nothing low on stock
    // Both jobs have run: score 100, and runs that see it send nothing.
    await cleanup(clock, { url: null });
    await paymentSync(clock, { url: null });
    clock.advance(60);
    await cleanup(clock);
    await paymentSync(clock);
    expect(receiver.received).toEqual([]);

    // The cleanup cron stops: 27 hours later its check fails and the score drops to 75 (< 80).
    clock.advance(27 * 3600);
    for (let i = 0; i < 4; i++) {
      await paymentSync(clock);
      clock.advance(600);
    }
    expect(receiver.received).toHaveLength(1);
    const [alert] = receiver.received;
    expect(alert?.text).toContain("Shop health fell to *75/100* (alert threshold 80)");
    // It says what to do, with the health report's hint for the failing check.
    expect(alert?.text).toContain("The cleanup job has not run for over 26 hours");
    expect(alert?.text).toContain("`npm run ops -- cleanup`");

    // The cleanup runs again: back to 100, one recovery note; later runs stay quiet.
    await cleanup(clock);
    await paymentSync(clock);
    expect(receiver.received.filter(kinds.recovered)).toHaveLength(1);
    expect(receiver.received.filter(kinds.recovered)[0]?.text).toContain("back to *100/100*");

    // It falls again: a new crossing, one new alert.
    clock.advance(27 * 3600);
    await paymentSync(clock);
    await paymentSync(clock);
    expect(receiver.received.filter(kinds.below)).toHaveLength(2);
    expect(receiver.received).toHaveLength(3);
  });

  it("a crossing whose post failed is announced by the next run", async () => {
    const clock = new TestClock();
    await seedShop(t, clock, { stocks: [5] });
    await cleanup(clock, { url: null });
    await paymentSync(clock, { url: null });
    clock.advance(27 * 3600);
    receiver.refuse = true;
    await paymentSync(clock);
    expect(receiver.received).toEqual([]);
    receiver.refuse = false;
    await paymentSync(clock);
    await paymentSync(clock);
    expect(receiver.received.filter(kinds.below)).toHaveLength(1);
  });
});

describe("job failure alerts", () => {
  const failing = (clock: TestClock, message: string) =>
    runJob(deps(clock, { threshold: 0 }), { job: "cleanup", dryRun: false }, async () => {
      throw new Error(message);
    }).then(
      () => "ran",
      () => "failed",
    );

  it("alert once after two failed runs in a row, not on the first or the third; a success re-arms it", async () => {
    const clock = new TestClock();
    expect(await failing(clock, "could not reach postgresql://app:db-password-123@db.internal/shop")).toBe("failed");
    expect(receiver.received).toEqual([]);
    clock.advance(60);
    expect(await failing(clock, "could not reach postgresql://app:db-password-123@db.internal/shop")).toBe("failed");
    expect(receiver.received).toHaveLength(1);
    const text = receiver.received[0]!.text;
    expect(text).toContain("The *cleanup* job failed 2 times in a row");
    expect(text).toContain("`npm run ops -- cleanup --verbose`");
    expect(text).not.toContain("db-password-123");
    clock.advance(60);
    await failing(clock, "still down");
    expect(receiver.received).toHaveLength(1);

    // A good run ends the streak; one failure after it is not "twice in a row".
    await cleanup(clock, { threshold: 0 });
    await failing(clock, "down again");
    expect(receiver.received.filter(kinds.failing)).toHaveLength(1);
    await failing(clock, "down again");
    expect(receiver.received.filter(kinds.failing)).toHaveLength(2);
  });

  it("the streaks of the two jobs are counted apart", async () => {
    const clock = new TestClock();
    await failing(clock, "boom");
    await runJob(deps(clock, { threshold: 0 }), { job: "payment-sync", dryRun: false }, async () => {
      throw new Error("boom");
    }).catch(() => {});
    expect(receiver.received).toEqual([]);
  });
});

describe("counter drift alerts", () => {
  it("alert once when drift is found, not again while it stays, and say so when a repair fixes it", async () => {
    const clock = new TestClock();
    const { items } = await seedShop(t, clock, { stocks: [5, 5] });
    await cleanup(clock, { threshold: 0 });
    expect(receiver.received).toEqual([]);
    // A write that bypasses the engine: the counter no longer matches the ledger.
    await t.db.$executeRaw`UPDATE "InventoryItem" SET stock = stock + 3 WHERE id = ${items[0]!.itemId}`;
    await cleanup(clock, { threshold: 0 });
    await cleanup(clock, { threshold: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.text).toContain("Counter drift: 1 inventory counter disagrees");
    expect(receiver.received[0]!.text).toContain(items[0]!.sku);
    expect(receiver.received[0]!.text).toContain("`npm run ops -- reconcile --repair`");

    await cleanup(clock, { threshold: 0, repair: true });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.text).toContain("Counter drift found and repaired");
    await cleanup(clock, { threshold: 0 });
    expect(receiver.received).toHaveLength(2);
  });
});

describe("daily low-stock digest", () => {
  it("lists exactly the items at or under their threshold, once a day", async () => {
    const clock = new TestClock();
    const store = await seedStore(t.db, { name: "Corner Shop", lowStockDefault: 3, reservationTtlSeconds: 3600 });
    const add = (sku: string, stock: number, lowStockThreshold: number | null = null) =>
      seedItem(t.db, { storeId: store.id, sku, stock, lowStockThreshold, now: clock.now, productOpts: { title: `Product ${sku}` } });
    await add("PLENTY", 10); // 10 > 3
    await add("LOW-2", 2); // 2 <= 3
    await add("SOLD-OUT", 0); // 0 <= 3
    await add("AT-THRESHOLD", 3); // 3 <= 3
    await add("OWN-THRESHOLD-HIGH", 6, 5); // 6 > 5
    await add("OWN-THRESHOLD-LOW", 1, 1); // 1 <= 1
    const held = await add("HELD-DOWN", 5); // 5 on the shelf, 3 held by a cart: 2 available <= 3
    await fillCart(t, clock, store.id, [{ variantId: held.variantId, quantity: 3 }]);

    await cleanup(clock, { threshold: 0 });
    const digests = () => receiver.received.filter(kinds.digest);
    expect(digests()).toHaveLength(1);
    const text = digests()[0]!.text;
    const listed = [...text.matchAll(/^• .*\(([A-Z0-9-]+)\):/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(["AT-THRESHOLD", "HELD-DOWN", "LOW-2", "OWN-THRESHOLD-LOW", "SOLD-OUT"]);
    expect(text).toContain("Low stock digest for 2026-11-21: 5 items");
    expect(text).toContain("Corner Shop · Product SOLD-OUT (SOLD-OUT): sold out, threshold 3");
    expect(text).toContain("Product HELD-DOWN (HELD-DOWN): 2 left, threshold 3");
    expect(text).toContain("restock these items or lower their thresholds");

    // Later the same day: nothing new. The next day: a new digest.
    clock.advance(3600);
    await cleanup(clock, { threshold: 0 });
    await paymentSync(clock, { threshold: 0 });
    expect(digests()).toHaveLength(1);
    clock.advance(13 * 3600);
    await paymentSync(clock, { threshold: 0 });
    expect(digests()).toHaveLength(2);
    expect(digests()[1]!.text).toContain("Low stock digest for 2026-11-22");
  });

  it("sends nothing when no item is low, and retries a digest whose post failed", async () => {
    const clock = new TestClock();
    const { store } = await seedShop(t, clock, { stocks: [9], lowStockDefault: 3 });
    await cleanup(clock, { threshold: 0 });
    expect(receiver.received).toEqual([]);
    await seedItem(t.db, { storeId: store.id, sku: "LAST-ONE", stock: 1, now: clock.now });
    receiver.refuse = true;
    await cleanup(clock, { threshold: 0 });
    receiver.refuse = false;
    await cleanup(clock, { threshold: 0 });
    const digests = receiver.received.filter(kinds.digest);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain("(LAST-ONE): 1 left");
  });
});
