// The jobs' lock behind a transaction-mode pooler (`npm test` runs this file a second time through
// PgBouncer in pool_mode=transaction, TEST_POOLER_URL; lib/testing/test-db.ts): two cleanup runs at
// once, one works and the other answers skipped: locked; runs one after another all work (no lock
// left behind on some pooled server connection); a run SIGKILLed while it holds the lock leaves
// nothing behind: the next run works.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, poolerUrl, type TestDb } from "@/lib/testing/test-db";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { makeDeps, newGuest, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { runCleanup, type CleanupFigures } from "@/lib/jobs/run-cleanup";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ poolSize: 12 });
  console.log(`[job-lock] ${poolerUrl() ? "through the pooler at TEST_POOLER_URL" : "directly (TEST_POOLER_URL unset)"}`);
});
afterAll(async () => {
  await t?.drop();
});

const LOCKED = { job: "cleanup", skipped: true, reason: "locked" };

describe("job lock behind a transaction-mode pooler", () => {
  it("two runs at once: one works, the other answers skipped: locked; later runs each work", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [10_000], reservationTtlSeconds: 60 });
    await Promise.all(Array.from({ length: 300 }, () => setCartLine({ db: t.db, now: clock.now }, { ...newGuest(store.id), variantId: items[0]!.variantId, mode: "add", quantity: 1 })));
    clock.advance(61);
    // Enough small batches that the first run still holds the lock when the second asks for it.
    const runs = await Promise.all([runCleanup(makeDeps(t, clock), { holdBatchSize: 15 }), runCleanup(makeDeps(t, clock), { holdBatchSize: 15 })]);
    expect(runs.filter((r) => "skipped" in r)).toEqual([LOCKED]);
    expect(runs.find((r): r is CleanupFigures => !("skipped" in r))).toMatchObject({ expiredHolds: 300 });
    // The lock is gone with the run, whichever pooled server connection the next statement lands on.
    for (let i = 0; i < 6; i++) expect(await runCleanup(makeDeps(t, clock)), `run ${i + 1} after`).toMatchObject({ job: "cleanup", expiredHolds: 0 });
  });

  it("a run killed while it holds the lock: runs meanwhile are skipped, the next run after the kill works", async () => {
    const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "lib/testing/hang-in-job.ts"], {
      env: { ...process.env, DATABASE_URL: t.url, DATABASE_POOLER: poolerUrl() ? "transaction" : "none", NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: tsx runs the script in a child process of its own
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    let output = "";
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the run did not start within 20 s:\n${output}`)), 20_000);
        const onData = (d: Buffer) => {
          output += d.toString();
          if (output.includes("working")) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        child.once("exit", () => reject(new Error(`the run exited:\n${output}`)));
      });
      const clock = new TestClock();
      expect(await runCleanup(makeDeps(t, clock))).toEqual(LOCKED);
      expect(await runCleanup(makeDeps(t, clock))).toEqual(LOCKED);
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    expect(await exited).toBe("SIGKILL");
    // The pooler drops the dead client's server connection and its transaction with it: the lock
    // goes within moments (not after a lease or a timeout).
    const started = Date.now();
    let next = await runCleanup(makeDeps(t, new TestClock()));
    while ("skipped" in next && Date.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 100));
      next = await runCleanup(makeDeps(t, new TestClock()));
    }
    expect(next).toMatchObject({ job: "cleanup", expiredHolds: 0 });
    console.log(`[job-lock] the next run after the kill worked ${Date.now() - started} ms after it`);
  });
});
