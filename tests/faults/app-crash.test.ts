// The app process is killed with SIGKILL in the middle of a burst (no shutdown hooks, requests
// cut mid-flight) and started again: the books balance and every acknowledged hold, checkout and
// sale is still there; the new process serves at once.
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { startApp, type App } from "./support/app";
import { findDrift, findLostHolds, findLostOrders, findLostSales, findOrderDrift, seedStore, type Catalog } from "./support/books";
import { createFaultDb, waitFor, type FaultDb } from "./support/context";
import { runLoad, statusCounts, type LoadResult } from "./support/load";

let db: FaultDb;
let app: App;
let catalog: Catalog;
const ENV = { RATE_LIMIT_CART_PER_IP: "0" };
const SETTLE_MS = 2_000;

/** The connection failures, and every answer around them, relative to the restart (for a failure's message). */
function timeline(r: LoadResult, killedAt: number, upAt: number): string {
  const failures = r.samples.filter((s) => s.status === 0);
  if (failures.length === 0) return "no connection failures";
  const lo = Math.min(...failures.map((s) => s.at)) - 500;
  const hi = Math.max(...failures.map((s) => s.at + s.ms)) + 500;
  const rows = r.samples
    .filter((s) => s.at + s.ms >= lo && s.at <= hi)
    .sort((a, b) => a.at - b.at)
    .map((s) => `  ${s.at - upAt}..${s.at + s.ms - upAt} ${s.op} ${s.status || s.error}`);
  return `times in ms from the restart (killed at ${killedAt - upAt}):\n${rows.join("\n")}`;
}

beforeAll(async () => {
  db = await createFaultDb();
  catalog = await seedStore(db.pool, { stocks: [100_000, 100_000, 100_000, 40] });
  app = await startApp({ databaseUrl: db.url, env: ENV });
});

afterAll(async () => {
  await app?.stop();
  await db?.close();
});

it("SIGKILL mid-burst, then a restart: invariants hold, nothing acknowledged is lost", async () => {
  const first = app;
  onTestFailed(() => console.log(`[faults] app output (killed process):\n${first.logs().slice(-4_000)}\n[faults] app output (restarted):\n${app.logs().slice(-4_000)}`));
  const port = app.port;
  const r: LoadResult = { samples: [], holds: [], orders: [], sales: [] };
  const stop = { stopped: false };
  const load = runLoad({ baseUrl: app.url, store: catalog.slug, variantIds: catalog.variants.map((v) => v.variantId), durationMs: 180_000, concurrency: 12, saleShare: 0.25, stop, progress: r });
  let killedAt = 0;
  let upAt = 0;
  try {
    // Mid-burst: holds and sales acknowledged, requests in flight.
    await waitFor("holds and sales before the kill", () => r.holds.length >= 30 && r.sales.length >= 3, { timeoutMs: 60_000 });
    expect(first.exitInfo(), "the app was running until the test killed it").toBeNull();
    killedAt = Date.now();
    await first.kill9();
    expect(first.exitInfo()?.signal).toBe("SIGKILL");
    // Gone: connections are refused until the new process listens.
    await waitFor("a refused connection after the kill", () => r.samples.some((s) => s.status === 0 && s.at >= killedAt), { timeoutMs: 10_000 });
    app = await startApp({ databaseUrl: db.url, port, env: ENV });
    upAt = Date.now();
    await waitFor("holds and a sale after the restart", () => r.samples.filter((s) => s.op === "add" && s.status === 200 && s.at > upAt + SETTLE_MS).length >= 20 && r.sales.some((s) => s.at > upAt), {
      timeoutMs: 60_000,
    });
  } finally {
    stop.stopped = true;
    await load;
  }

  const counts = statusCounts(r.samples);
  console.log(`[faults] app crash: ${JSON.stringify(counts)}; back in ${upAt - killedAt} ms; ${r.holds.length} holds, ${r.orders.length} checkouts and ${r.sales.length} sales acknowledged`);
  expect(app.exitInfo(), "the restarted app kept running").toBeNull();
  if (r.samples.some((s) => s.status === 0 && s.at > upAt)) console.log(`[faults] app crash: connection failures after the restart; ${timeline(r, killedAt, upAt)}`);
  // While the process is gone, connections fail (status 0); every answer given is a proper one.
  expect(Object.keys(counts).filter((k) => !["200", "201", "409", "429", "503"].includes(k) && !k.startsWith("0:"))).toEqual([]);
  // Failures end at the kill or while the process is gone (requests in flight are cut), never
  // outside: none before the kill, none from 2 s after the new process answered its first health
  // check on (a connection the client had under way as it came up may still be refused).
  const stray = r.samples.filter((s) => s.status === 0 && (s.at + s.ms < killedAt || s.at > upAt + SETTLE_MS));
  expect(stray.map((s) => `${s.op} ${s.error} sent at +${s.at - killedAt} ms, failed after ${s.ms} ms`), timeline(r, killedAt, upAt)).toEqual([]);
  // Served before the kill and by the new process.
  expect(r.samples.filter((s) => s.status >= 200 && s.status < 300 && s.at + s.ms < killedAt).length).toBeGreaterThan(10);
  expect(r.samples.filter((s) => s.op === "add" && s.status === 200 && s.at > upAt + SETTLE_MS).length).toBeGreaterThanOrEqual(20);

  expect(await findDrift(db.pool)).toEqual([]);
  expect(await findOrderDrift(db.pool)).toEqual([]);
  expect(await findLostHolds(db.pool, r.holds)).toEqual([]);
  expect(await findLostOrders(db.pool, r.orders)).toEqual([]);
  expect(await findLostSales(db.pool, r.sales)).toEqual([]);
});
