// The app process is killed with SIGKILL in the middle of a burst (no shutdown hooks, requests
// cut mid-flight) and started again: the books balance and every acknowledged hold and sale is
// still there; the new process serves at once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type App } from "./support/app";
import { findDrift, findLostHolds, findLostSales, findOrderDrift, seedStore, type Catalog } from "./support/books";
import { createFaultDb, sleep, type FaultDb } from "./support/context";
import { runLoad, statusCounts } from "./support/load";

let db: FaultDb;
let app: App;
let catalog: Catalog;
const ENV = { RATE_LIMIT_CART_PER_IP: "0" };

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
  const port = app.port;
  const load = runLoad({ baseUrl: app.url, store: catalog.slug, variantIds: catalog.variants.map((v) => v.variantId), durationMs: 16_000, concurrency: 12, saleShare: 0.25 });
  await sleep(5_000);
  const killedAt = Date.now();
  await app.kill9();
  expect(app.child.signalCode).toBe("SIGKILL");
  await sleep(1_000);
  app = await startApp({ databaseUrl: db.url, port, env: ENV });
  const upAt = Date.now();
  const r = await load;

  const counts = statusCounts(r.samples);
  console.log(`[faults] app crash: ${JSON.stringify(counts)}; back in ${upAt - killedAt} ms; ${r.holds.length} holds and ${r.sales.length} sales acknowledged`);
  // While the process is gone, connections fail (status 0); every answer given is a proper one.
  expect(Object.keys(counts).filter((k) => !["200", "201", "409", "429", "503"].includes(k) && !k.startsWith("0:"))).toEqual([]);
  // Failures end at the kill or while the process is gone (requests in flight are cut), never outside.
  const stray = r.samples.filter((s) => s.status === 0 && (s.at + s.ms < killedAt - 200 || s.at > upAt + 2000));
  expect(stray.map((s) => `${s.op} ${s.error} sent at +${s.at - killedAt} ms, failed after ${s.ms} ms`)).toEqual([]);
  expect(r.samples.filter((s) => s.status >= 200 && s.status < 300 && s.at < killedAt).length).toBeGreaterThan(10);
  expect(r.samples.filter((s) => s.op === "add" && s.status === 200 && s.at > upAt).length).toBeGreaterThan(10);

  expect(await findDrift(db.pool)).toEqual([]);
  expect(await findOrderDrift(db.pool)).toEqual([]);
  expect(await findLostHolds(db.pool, r.holds)).toEqual([]);
  expect(await findLostSales(db.pool, r.sales)).toEqual([]);
});
