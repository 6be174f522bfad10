// The health report against a real PostgreSQL: it passes when all is well and names what to do when
// the jobs have not run, holds lapsed unswept, counters drifted, or payments are stuck.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { getHealth } from "@/lib/health/get-health";
import { runCleanup } from "@/lib/jobs/run-cleanup";
import { syncPayments } from "@/lib/jobs/sync-payments";
import { checkout, fillCart, makeDeps, seedShop, TestClock } from "@/lib/testing/order-fixtures";

const t = testDbForFile();

const statusOf = (h: Awaited<ReturnType<typeof getHealth>>) => Object.fromEntries(h.checks.map((c) => [c.name, c.status]));

describe("health", () => {
  it("calls a job that never ran 'not yet run' (not a failure) in the deployment's first interval, and a failure after it", async () => {
    await t.db.store.create({ data: { slug: "fresh-install", name: "Fresh" } });
    const fresh = await getHealth({ db: t.db, now: new Date() }, { storeId: null });
    expect(fresh.jobs.map((j) => [j.job, j.notYetRun])).toEqual([
      ["cleanup", true],
      ["payment-sync", true],
    ]);
    const recent = fresh.checks.filter((c) => c.name.endsWith("_recent"));
    expect(recent.map((c) => [c.name, c.status])).toEqual([
      ["cleanup_recent", "pass"],
      ["payment-sync_recent", "pass"],
    ]);
    expect(recent[0]!.hint).toMatch(/^Not yet run/);
    expect(fresh.status).not.toBe("failing");

    const later = await getHealth({ db: t.db, now: new Date(Date.now() + 27 * 3600_000) }, { storeId: null });
    expect(statusOf(later)).toMatchObject({ cleanup_recent: "fail", "payment-sync_recent": "fail" });
    expect(later.status).toBe("failing");
  });

  it("fails with hints when the jobs never ran, holds lapsed, counters drifted and payments are stuck; passes after cleanup", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [10, 10], reservationTtlSeconds: 60, paymentTimeoutSeconds: 600, lowStockDefault: 2 });
    await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 2 }]);
    const buyer = await fillCart(t, clock, store.id, [{ variantId: items[1]!.variantId, quantity: 9 }]);
    await checkout(t, clock, buyer);
    await t.db.$executeRaw`UPDATE "InventoryItem" SET stock = stock + 1 WHERE id = ${items[0]!.itemId}`;
    clock.advance(3 * 3600);
    // Past the deployment's first interval: a job that never ran is failing, not "not yet run".
    await t.db.store.update({ where: { id: store.id }, data: { createdAt: new Date(clock.now.getTime() - 27 * 3600_000) } });

    const before = await getHealth({ db: t.db, now: clock.now }, { storeId: store.id });
    expect(statusOf(before)).toMatchObject({
      cleanup_recent: "fail",
      "payment-sync_recent": "fail",
      lapsed_holds: "warn",
      counter_drift: "fail",
      payments_stuck: "fail",
      overdue_orders: "warn",
      low_stock: "warn",
      refunds_pending: "pass",
    });
    expect(before.status).toBe("failing");
    expect(before.score).toBeLessThan(50);
    for (const c of before.checks) expect(c.status === "pass" ? c.hint === null : (c.hint ?? "").length > 10).toBe(true);
    expect(before.checks.find((c) => c.name === "counter_drift")).toMatchObject({ value: 1 });

    await runCleanup(makeDeps(t, clock), { repair: true });
    await syncPayments(makeDeps(t, clock));
    const after = await getHealth({ db: t.db, now: clock.now }, { storeId: store.id });
    expect(statusOf(after)).toMatchObject({
      cleanup_recent: "pass",
      cleanup_last_result: "pass",
      "payment-sync_recent": "pass",
      lapsed_holds: "pass",
      counter_drift: "pass",
      payments_stuck: "pass",
      overdue_orders: "pass",
    });
    expect(after.jobs.map((j) => [j.job, j.lastRun?.status])).toEqual([
      ["cleanup", "OK"],
      ["payment-sync", "OK"],
    ]);
    expect(after.score).toBeGreaterThan(before.score);

    clock.advance(27 * 3600);
    expect(statusOf(await getHealth({ db: t.db, now: clock.now }, { storeId: store.id }))).toMatchObject({ cleanup_recent: "fail" });
  });
});
