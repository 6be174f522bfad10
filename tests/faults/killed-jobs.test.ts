// A cleanup run and a payment-sync run are SIGKILLed mid-batch. Each batch is all or nothing (the
// one in flight at the kill either rolls back whole or, when PostgreSQL was already executing its
// last statement, commits whole after the kill: the server notices a dead client only when it
// next talks to it); the next run finishes the work; nothing happens twice (one EXPIRE per hold,
// one SALE or RELEASE per order hold) and the books balance at every step. The figures are read
// once the killed run's server processes are gone, so they are exact.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startApp, type App } from "./support/app";
import { findDrift, findOrderDrift, seedStore } from "./support/books";
import { createFaultDb, sleep, waitForBackendsGone, type FaultDb } from "./support/context";
import { lastJson, spawnJob, type JobProcess } from "./support/jobs";

let db: FaultDb;
beforeAll(async () => {
  db = await createFaultDb();
});
afterAll(async () => {
  await db?.close();
});

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(sql, params);
  return rows[0]?.n ?? 0;
}

/**
 * SIGKILLs `job` as soon as `progress()` is above 0 (some batch committed), failing if the job
 * finished first; returns once the killed job's server processes have ended (a statement in flight
 * at the kill has committed or rolled back by then).
 */
async function killAfterFirstBatch(job: JobProcess, progress: () => Promise<number>): Promise<void> {
  let exited = false;
  void job.done.then(() => (exited = true));
  for (;;) {
    const n = await progress();
    if (n > 0) {
      job.kill9();
      const end = await job.done;
      expect(end.signal, `the job finished before it could be killed:\n${end.stdout}\n${end.stderr}`).toBe("SIGKILL");
      await waitForBackendsGone(db.pool, job.applicationName);
      return;
    }
    if (exited) {
      const end = await job.done;
      throw new Error(`the job ended before its first batch was seen (exit ${end.code}):\n${end.stdout}\n${end.stderr}`);
    }
    await sleep(15);
  }
}

describe("cleanup killed mid-batch", () => {
  // Twenty sweep batches of 1,000 (the sweep works two shares of the items side by side, a batch
  // in flight in each): the kill lands after the first commit, with plenty left for the next run.
  const HOLDS = 20_000;
  const cleanup = ["tests/faults/support/run-job.ts", "cleanup", "--hold-batch-size", "1000"];

  it(`expires ${HOLDS.toLocaleString("en")} lapsed holds across a SIGKILL: the next run finishes, one EXPIRE per hold`, async () => {
    const catalog = await seedStore(db.pool, { stocks: Array.from({ length: 20 }, () => 1_000_000) });
    await createLapsedHolds(catalog.storeId, catalog.variants.map((v) => v.variantId), HOLDS);
    expect(await findDrift(db.pool)).toEqual([]);

    const first = spawnJob(cleanup, db.url);
    await killAfterFirstBatch(first, () => count(`SELECT count(*)::int AS n FROM "Hold" WHERE status = 'EXPIRED'`));
    const expiredAfterKill = await count(`SELECT count(*)::int AS n FROM "Hold" WHERE status = 'EXPIRED'`);
    console.log(`[faults] cleanup killed after ${expiredAfterKill} of ${HOLDS} holds expired`);
    expect(expiredAfterKill).toBeGreaterThan(0);
    expect(expiredAfterKill).toBeLessThan(HOLDS);
    // The batches cut off left nothing half-done.
    expect(await findDrift(db.pool)).toEqual([]);
    expect(await count(`SELECT count(*)::int AS n FROM "StockMovement" WHERE kind = 'EXPIRE'`)).toBe(expiredAfterKill);

    const second = spawnJob(cleanup, db.url);
    const end = await second.done;
    expect(end.code, `${end.stdout}\n${end.stderr}`).toBe(0);
    const figures = lastJson(end.stdout);
    expect(figures.skipped, "the killed run's lock died with it").toBeUndefined();
    expect(figures.expiredHolds).toBe(HOLDS - expiredAfterKill);

    expect(await count(`SELECT count(*)::int AS n FROM "Hold" WHERE status = 'ACTIVE'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "StockMovement" WHERE kind = 'EXPIRE'`)).toBe(HOLDS);
    expect(await count(`SELECT count(DISTINCT "holdId")::int AS n FROM "StockMovement" WHERE kind = 'EXPIRE'`)).toBe(HOLDS);
    expect(await findDrift(db.pool)).toEqual([]);
  });

  /** Lapsed holds of abandoned guest carts (as cart_set_line leaves them), with their HOLD ledger rows, in one statement batch. */
  async function createLapsedHolds(storeId: string, variantIds: string[], n: number) {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `CREATE TEMP TABLE _h ON COMMIT DROP AS
         SELECT g, 'fc' || lpad(g::text, 8, '0') AS cart_id, 'fl' || lpad(g::text, 8, '0') AS line_id, 'fh' || lpad(g::text, 8, '0') AS hold_id,
                ($2::text[])[1 + g % array_length($2::text[], 1)] AS variant_id, 1 + g % 3 AS qty
         FROM generate_series(1, $1::int) g`,
        [n, variantIds],
      );
      await client.query(`ALTER TABLE _h ADD COLUMN item_id text`);
      await client.query(`UPDATE _h SET item_id = v."inventoryItemId" FROM "Variant" v WHERE v.id = _h.variant_id`);
      const past = `(now() AT TIME ZONE 'UTC' - interval '2 hours')::timestamp(3)`;
      await client.query(`INSERT INTO "Cart" (id, "storeId", "tokenHash", status, "createdAt", "updatedAt") SELECT cart_id, $1, md5(cart_id), 'ACTIVE', ${past}, ${past} FROM _h`, [storeId]);
      await client.query(`INSERT INTO "CartLine" (id, "cartId", "variantId", quantity, "createdAt") SELECT line_id, cart_id, variant_id, qty, ${past} FROM _h`);
      await client.query(
        `INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
         SELECT hold_id, $1, item_id, variant_id, cart_id, qty, 'ACTIVE', ${past} + interval '15 minutes', ${past}, ${past} FROM _h`,
        [storeId],
      );
      await client.query(
        `INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "holdId", "actorType", reason, "createdAt")
         SELECT i."storeId", h.item_id, 'HOLD', 0, h.qty, i.stock, i.reserved + sum(h.qty) OVER (PARTITION BY h.item_id ORDER BY h.hold_id), h.hold_id, 'SHOPPER', 'fault fixture: abandoned cart', ${past}
         FROM _h h JOIN "InventoryItem" i ON i.id = h.item_id`,
      );
      await client.query(`UPDATE "InventoryItem" i SET reserved = i.reserved + s.q FROM (SELECT item_id, sum(qty)::int AS q FROM _h GROUP BY 1) s WHERE i.id = s.item_id`);
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
});

describe("payment-sync killed mid-batch", () => {
  const ORDERS = 120;
  let app: App;
  beforeAll(async () => {
    // Webhooks lost (SANDBOX_WEBHOOKS=off): only the sync job learns how the payments ended.
    app = await startApp({ databaseUrl: db.url, env: { SANDBOX_WEBHOOKS: "off", RATE_LIMIT_CART_PER_IP: "0" } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it(`settles ${ORDERS} paid and declined orders across a SIGKILL: the next runs finish, each order once`, async () => {
    onTestFailed(() => console.log(`[faults] app output:\n${app.logs().slice(-8_000)}`));
    const t0 = Date.now();
    const took: string[] = [];
    const lap = (what: string) => took.push(`${what} ${Date.now() - t0} ms`);
    const catalog = await seedStore(db.pool, { stocks: [100_000, 100_000, 100_000] });
    const orders = await placeOrders(app.url, catalog.slug, catalog.variants.map((v) => v.variantId), ORDERS);
    expect(orders).toHaveLength(ORDERS);
    expect(await count(`SELECT count(*)::int AS n FROM "Payment" WHERE status = 'PENDING'`)).toBe(ORDERS);
    lap("orders placed");

    // A minute later every payment is due for its first check.
    const MINUTE = 60_000;
    const settled = () => count(`SELECT count(*)::int AS n FROM "Payment" WHERE status <> 'PENDING'`);
    const first = spawnJob(["tests/faults/support/run-job.ts", "payment-sync", "--later-ms", String(MINUTE)], db.url);
    await killAfterFirstBatch(first, settled);
    lap("first run killed");
    const afterKill = await settled();
    console.log(`[faults] payment-sync killed after ${afterKill} of ${ORDERS} payments settled`);
    expect(afterKill).toBeLessThan(ORDERS);
    expect(await findDrift(db.pool)).toEqual([]);
    expect(await findOrderDrift(db.pool)).toEqual([]);

    // The next run settles everything except the killed run's claimed batch (its lease has not passed)…
    const second = spawnJob(["tests/faults/support/run-job.ts", "payment-sync", "--later-ms", String(MINUTE)], db.url);
    const end2 = await second.done;
    lap("second run");
    expect(end2.code, `${end2.stdout}\n${end2.stderr}`).toBe(0);
    const leased = ORDERS - (await settled());
    expect(leased).toBeLessThanOrEqual(50);
    // …and the run after the lease settles the rest.
    const third = spawnJob(["tests/faults/support/run-job.ts", "payment-sync", "--later-ms", String(MINUTE + 6 * MINUTE)], db.url);
    const end3 = await third.done;
    lap("third run");
    console.log(`[faults] payment-sync: ${took.join(", ")}`);
    expect(end3.code, `${end3.stdout}\n${end3.stderr}`).toBe(0);
    expect(lastJson(end3.stdout)).toMatchObject({ checked: leased });
    expect(await settled()).toBe(ORDERS);

    // Each order ended once, the way its payment ended.
    const { rows } = await db.pool.query<{ id: string; status: string; sales: number; releases: number; holds: number }>(
      `SELECT o.id, o.status::text,
              (SELECT count(*)::int FROM "StockMovement" m WHERE m."orderId" = o.id AND m.kind = 'SALE') AS sales,
              (SELECT count(*)::int FROM "StockMovement" m WHERE m."orderId" = o.id AND m.kind IN ('RELEASE', 'EXPIRE')) AS releases,
              (SELECT count(*)::int FROM "Hold" h WHERE h."orderId" = o.id) AS holds
       FROM "Order" o WHERE o.id = ANY($1::text[])`,
      [orders.map((o) => o.id)],
    );
    const outcome = new Map(orders.map((o) => [o.id, o.outcome]));
    const wrong = rows.filter((r) =>
      outcome.get(r.id) === "succeed" ? r.status !== "PAID" || r.sales !== r.holds || r.releases !== 0 : r.status !== "CANCELLED" || r.releases !== r.holds || r.sales !== 0,
    );
    expect(wrong).toEqual([]);
    expect(await findDrift(db.pool)).toEqual([]);
    expect(await findOrderDrift(db.pool)).toEqual([]);
  });
});

/** `n` orders placed through the app (a cart each, checkout), their sandbox payments paid or declined (2:1). */
async function placeOrders(baseUrl: string, store: string, variantIds: string[], n: number): Promise<{ id: string; outcome: "succeed" | "fail" }[]> {
  const out: { id: string; outcome: "succeed" | "fail" }[] = [];
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      const add = await fetch(`${baseUrl}/api/stores/${store}/cart/items`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ variantId: variantIds[i % variantIds.length], quantity: 1 + (i % 2) }),
      });
      if (add.status !== 200) throw new Error(`add: ${add.status} ${await add.text()}`);
      const cookie = add.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const checkout = await fetch(`${baseUrl}/api/stores/${store}/checkout`, { method: "POST", headers: { cookie } });
      if (checkout.status !== 201) throw new Error(`checkout: ${checkout.status} ${await checkout.text()}`);
      const { order, payment } = (await checkout.json()) as { order: { id: string }; payment: { redirectUrl: string } };
      const outcome = i % 3 === 0 ? "fail" : "succeed";
      const ref = payment.redirectUrl.split("/").pop()!;
      const pay = await fetch(`${baseUrl}/api/payments/sandbox/${ref}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome }) });
      if (pay.status !== 200) throw new Error(`sandbox outcome: ${pay.status} ${await pay.text()}`);
      out.push({ id: order.id, outcome });
    }
  }
  await Promise.all(Array.from({ length: 12 }, worker));
  return out;
}
