// PostgreSQL crashes and restarts in the middle of a burst of holds and purchases. While it is
// down every request gets 503 with Retry-After (no hang, no bare 500); the app recovers by
// itself; afterwards the books balance and nothing the shop acknowledged is lost.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type App } from "./support/app";
import { findDrift, findLostHolds, findLostSales, findOrderDrift, seedStore, type Catalog } from "./support/books";
import { createFaultDb, sleep, type FaultDb } from "./support/context";
import { runLoad, statusCounts } from "./support/load";

let db: FaultDb;
let app: App;
let catalog: Catalog;

beforeAll(async () => {
  db = await createFaultDb();
  catalog = await seedStore(db.pool, { stocks: [100_000, 100_000, 100_000, 100_000, 60] });
  app = await startApp({ databaseUrl: db.url, env: { RATE_LIMIT_CART_PER_IP: "0", DATABASE_CONNECT_TIMEOUT_MS: "2000" } });
});

afterAll(async () => {
  await app?.stop();
  await db?.close();
});

it("a crash-restart of PostgreSQL mid-burst: 503 + Retry-After while down, recovery without a restart of the app, no acknowledged hold or sale lost", async () => {
  const load = runLoad({ baseUrl: app.url, store: catalog.slug, variantIds: catalog.variants.map((v) => v.variantId), durationMs: 22_000, concurrency: 12, saleShare: 0.25, timeoutMs: 20_000 });
  await sleep(4_000);
  const downAt = Date.now();
  db.cluster.stop("immediate"); // a crash: no checkpoint, recovery from the WAL at start
  await sleep(3_000);
  db.cluster.start();
  const upAt = Date.now();
  const r = await load;

  const counts = statusCounts(r.samples);
  console.log(`[faults] database restart: ${JSON.stringify(counts)}; ${r.holds.length} holds and ${r.sales.length} sales acknowledged`);
  // Only expected answers: success, a stock refusal, a rate limit, or 503 while the database is away.
  expect(Object.keys(counts).filter((k) => !["200", "201", "409", "429", "503"].includes(k)), JSON.stringify(counts)).toEqual([]);
  const unavailable = r.samples.filter((s) => s.status === 503);
  expect(unavailable.length, "requests during the outage are told to come back").toBeGreaterThan(0);
  expect(unavailable.filter((s) => !s.retryAfter || !(Number(s.retryAfter) >= 1))).toEqual([]);
  // Nothing answered before the crash, nor sent from a few seconds after the restart on, is refused
  // as unavailable (a request still in flight at the crash may be).
  const outside = unavailable
    .filter((s) => s.at + s.ms < downAt || s.at > upAt + 8000)
    .map((s) => `${s.op} sent ${s.at - downAt} ms after the crash, answered after ${s.ms} ms (up at ${upAt - downAt})`);
  expect(outside, "503s only around the outage").toEqual([]);
  // It came back by itself: holds succeed again after the restart, and the health check is green.
  expect(r.samples.filter((s) => s.op === "add" && s.status === 200 && s.at > upAt + 1000).length).toBeGreaterThan(10);
  expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  expect(r.sales.length).toBeGreaterThan(0);

  expect(await findDrift(db.pool)).toEqual([]);
  expect(await findOrderDrift(db.pool)).toEqual([]);
  expect(await findLostHolds(db.pool, r.holds)).toEqual([]);
  expect(await findLostSales(db.pool, r.sales)).toEqual([]);
});
