// The in-process scheduler runs both jobs through the same entry points and lock as the cron routes:
// while a cron-triggered payment-sync is inside its work (held at the provider call by a gate), the
// scheduler's payment-sync is skipped as locked, and the other way round; both jobs run on their own.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { startJobScheduler, type ScheduledRun } from "@/lib/jobs/scheduler";
import { syncPayments } from "@/lib/jobs/sync-payments";
import type { PaymentProvider, PaymentProviders } from "@/lib/payments/payment-provider";
import { checkout, fillCart, makeDeps, sandboxPayments, seedShop, TestClock } from "@/lib/testing/order-fixtures";

const t = testDbForFile();

/** The sandbox provider, whose status query waits at a gate the test opens (a slow provider). */
function gatedPayments() {
  const real = sandboxPayments(t);
  let open!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const inside = new Promise<void>((r) => (entered = r));
  const sandbox = real.active;
  const gated: PaymentProvider = {
    name: sandbox.name,
    createPayment: (i) => sandbox.createPayment(i),
    getStatus: async (ref, now) => {
      entered();
      await gate;
      return sandbox.getStatus(ref, now);
    },
    cancel: (ref, now) => sandbox.cancel(ref, now),
    refund: (ref, now) => sandbox.refund(ref, now),
    verifyWebhook: (b, h, n) => sandbox.verifyWebhook(b, h, n),
  };
  const payments: PaymentProviders = { active: gated, get: (name) => (name === gated.name ? gated : real.get(name)) };
  return { payments, open, inside };
}

async function until<T>(what: () => T | undefined, label: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("in-process job scheduler", () => {
  it("runs cleanup and payment-sync, and never alongside a cron-triggered run of the same job", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [5] });
    await checkout(t, clock, await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]));
    clock.advance(60); // the payment's first check is due

    // 1. A cron-triggered payment-sync is mid-run; the scheduler's ticks meet its lock.
    const g1 = gatedPayments();
    const cronRun = syncPayments(makeDeps(t, clock, g1.payments));
    await g1.inside;
    const runs: ScheduledRun[] = [];
    const s1 = startJobScheduler({ makeDeps: () => makeDeps(t, clock, g1.payments), intervalMs: 50, firstDelayMs: 0, onRun: (r) => runs.push(r) });
    await until(() => (runs.filter((r) => r.job === "payment-sync").length >= 2 ? true : undefined), "two scheduled payment-sync runs");
    expect(runs.filter((r) => r.job === "payment-sync").every((r) => r.outcome === "skipped")).toBe(true);
    expect(runs.find((r) => r.job === "cleanup")).toEqual({ job: "cleanup", outcome: "ok" });
    g1.open();
    expect(await cronRun).toMatchObject({ job: "payment-sync", checked: 1, stillPending: 1 });
    const n = runs.length;
    await until(() => runs.slice(n).find((r) => r.job === "payment-sync" && r.outcome === "ok"), "a scheduled payment-sync after the cron run");
    await s1.stop();

    // 2. The scheduler's payment-sync is mid-run; a cron-triggered run is skipped.
    clock.advance(6 * 60); // the claimed payment is due again
    const g2 = gatedPayments();
    const runs2: ScheduledRun[] = [];
    const s2 = startJobScheduler({ makeDeps: () => makeDeps(t, clock, g2.payments), intervalMs: 50, firstDelayMs: 0, onRun: (r) => runs2.push(r) });
    await g2.inside;
    expect(await syncPayments(makeDeps(t, clock, sandboxPayments(t)))).toEqual({ job: "payment-sync", skipped: true, reason: "locked" });
    g2.open();
    await until(() => runs2.find((r) => r.job === "payment-sync"), "the scheduled payment-sync");
    expect(runs2.filter((r) => r.job === "payment-sync")[0]).toEqual({ job: "payment-sync", outcome: "ok" });
    await s2.stop();

    const recorded = await t.db.jobRun.groupBy({ by: ["job", "status"], _count: true, orderBy: [{ job: "asc" }, { status: "asc" }] });
    const count = (job: string, status: string) => recorded.find((r) => r.job === job && r.status === status)?._count ?? 0;
    expect(count("cleanup", "OK")).toBeGreaterThanOrEqual(2);
    expect(count("payment-sync", "OK")).toBeGreaterThanOrEqual(3);
    expect(count("payment-sync", "SKIPPED")).toBeGreaterThanOrEqual(3);
    expect(count("cleanup", "FAILED") + count("payment-sync", "FAILED")).toBe(0);
  });
});
