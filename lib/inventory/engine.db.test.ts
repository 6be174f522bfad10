// The inventory engine against a real PostgreSQL: lapsed holds, the cart line fix, the sweeper,
// releases and exactly-once sells, through the TypeScript entry points. Stock changes (adjust,
// create, bulk, reconcile and repair) are in stock-changes.db.test.ts.
import { describe, expect, it } from "vitest";
import { getStockLevels } from "@/lib/inventory/availability";
import { getInventoryItemView } from "@/lib/inventory/inventory-item-view";
import { releaseHold } from "@/lib/inventory/release-hold";
import { SWEEP_SHARES, sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { activeHolds, admin, at, expectAppError, expectConsistent, T0, token } from "@/lib/testing/engine-kit";
import { releaseHolds, sellHolds } from "@/lib/testing/hold-engine";
import { cartSetLine, seedItem, seedListing, seedStore } from "@/lib/testing/inventory-fixtures";
import { testDbForFile } from "@/lib/testing/test-db";

const t = testDbForFile();

describe("lapsed holds", () => {
  it("neither block another shopper nor lower shown availability before any sweep", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 2, lowStockThreshold: 0 });
    const a = await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 2, now: T0 });
    expect(a.code).toBe("OK");

    // While live, the hold takes the units out of availability for everyone else.
    const live = await getInventoryItemView({ db: t.db, now: at(59) }, { storeId: store.id, itemId: item.itemId });
    expect(live).toMatchObject({ stock: 2, reserved: 2, available: 0, state: "out_of_stock" });

    // Lapsed (not swept: reserved still counts it) — availability shows the units anyway.
    const lapsed = await getInventoryItemView({ db: t.db, now: at(61) }, { storeId: store.id, itemId: item.itemId });
    expect(lapsed).toMatchObject({ stock: 2, reserved: 2, available: 2, state: "in_stock" });
    const [level] = await getStockLevels({ db: t.db, now: at(61) }, { storeId: store.id, variantIds: [item.variantId] });
    expect(level?.available).toBe(2);

    // And another shopper can take them: the contended hold reclaims the lapsed one.
    const b = await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 2, now: at(61) });
    expect(b.code).toBe("OK");
    const holds = await activeHolds(t, item.variantId);
    expect(holds).toHaveLength(1);
    expect(holds[0]?.cartId).toBe(b.cartId);
    const expired = await t.db.hold.findMany({ where: { variantId: item.variantId, status: "EXPIRED" } });
    expect(expired.map((h) => h.cartId)).toEqual([a.cartId]);
    await expectConsistent(t);
  });

  it("the shopper's own lapsed hold is renewed, not counted against them", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 3 });
    const tok = token();
    expect((await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: item.variantId, mode: "add", quantity: 3, now: T0 })).code).toBe("OK");
    // Set to the same quantity after the lapse: the old hold expires, a fresh one holds all 3.
    expect((await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: item.variantId, mode: "set", quantity: 3, now: at(120) })).code).toBe("OK");
    const holds = await activeHolds(t, item.variantId);
    expect(holds.map((h) => [h.quantity, h.expiresAt.toISOString()])).toEqual([[3, at(180).toISOString()]]);
    await expectConsistent(t);
  });
});

describe("cart_set_line (engine fix)", () => {
  it("answers NO_CART instead of OK when no cart can be found or created", async () => {
    const store = await seedStore(t.db);
    const item = await seedItem(t.db, { storeId: store.id, stock: 5 });
    const carts = await t.db.cart.count();
    const anonymous = await cartSetLine(t.db, { storeId: store.id, variantId: item.variantId, mode: "add", quantity: 1, now: T0 });
    expect(anonymous).toMatchObject({ code: "NO_CART", cartId: null });
    expect(await t.db.cart.count()).toBe(carts); // no anonymous cart left behind

    // A guest token still naming a checked-out cart: the raw engine cannot create a second cart for it.
    const tok = token();
    const first = await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: item.variantId, mode: "add", quantity: 1, now: T0 });
    await t.db.cart.update({ where: { id: first.cartId! }, data: { status: "CHECKED_OUT" } });
    const again = await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: item.variantId, mode: "add", quantity: 1, now: T0 });
    expect(again.code).toBe("NO_CART");
    // Removing from a cart that does not exist stays a harmless OK.
    const remove = await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "set", quantity: 0, now: T0 });
    expect(remove).toMatchObject({ code: "OK", cartId: null });
  });
});

describe("sweepLapsedHolds", () => {
  it("expires a few thousand lapsed holds in batches and leaves everything consistent", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const items = [await seedItem(t.db, { storeId: store.id, stock: 3000 }), await seedItem(t.db, { storeId: store.id, stock: 3000 })];
    const N = 1500; // per item: 3000 holds in all, 1 to 2 units each
    for (const it of items) {
      // Carts, their lines and holds, with the counters and ledger moved as the engine would.
      await t.db.$executeRaw`
        WITH carts AS (
          INSERT INTO "Cart" (id, "storeId", "tokenHash", status, "createdAt", "updatedAt")
          SELECT ${it.itemId} || '-cart-' || g, ${store.id}, ${it.itemId} || '-tok-' || g, 'ACTIVE', ${T0.toISOString()}::timestamp(3), ${T0.toISOString()}::timestamp(3)
          FROM generate_series(1, ${N}::int) g RETURNING id
        ), lines AS (
          INSERT INTO "CartLine" (id, "cartId", "variantId", quantity) SELECT id || '-line', id, ${it.variantId}, 1 + (length(id) % 2) FROM carts RETURNING "cartId", quantity
        ), holds AS (
          INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
          SELECT "cartId" || '-hold', ${store.id}, ${it.itemId}, ${it.variantId}, "cartId", quantity, 'ACTIVE',
            ${at(60).toISOString()}::timestamp(3), ${T0.toISOString()}::timestamp(3), ${T0.toISOString()}::timestamp(3)
          FROM lines RETURNING id, quantity
        ), ledger AS (
          INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "holdId", "actorType", "createdAt")
          SELECT ${store.id}, ${it.itemId}, 'HOLD', 0, quantity, 3000, 0, id, 'SHOPPER', ${T0.toISOString()}::timestamp(3) FROM holds
        )
        UPDATE "InventoryItem" SET reserved = (SELECT sum(quantity) FROM holds) WHERE id = ${it.itemId}`;
    }
    await expectConsistent(t);
    const units = (await t.db.hold.aggregate({ _sum: { quantity: true }, where: { status: "ACTIVE", inventoryItemId: { in: items.map((i) => i.itemId) } } }))._sum.quantity;

    // Nothing has lapsed yet.
    // At full pace throughout (the test's own statements just before would otherwise make it yield
    // its first batch): batches counted exactly. The yielding pace has its own test below.
    expect(await sweepLapsedHolds({ db: t.db, now: at(59) }, { batchSize: 1000, yieldToOthers: false })).toEqual({ expiredHolds: 0, releasedUnits: 0, batches: 0, done: true, yieldedBatches: 0 });
    // A dry run counts and changes nothing; a spent deadline does nothing.
    const dry = await sweepLapsedHolds({ db: t.db, now: at(61) }, { batchSize: 1000, dryRun: true });
    expect(dry).toEqual({ expiredHolds: 3000, releasedUnits: units, batches: expect.any(Number), done: true });
    // 3 batches of 1,000, or 2 + 2 when the two items fall into different shares.
    expect(dry.batches).toBeGreaterThanOrEqual(3);
    expect(dry.batches).toBeLessThanOrEqual(3 + SWEEP_SHARES - 1);
    expect(await sweepLapsedHolds({ db: t.db, now: at(61) }, { batchSize: 1000, deadline: Date.now() - 1 })).toEqual({ expiredHolds: 0, releasedUnits: 0, batches: 0, done: false, yieldedBatches: 0 });
    expect(await t.db.hold.count({ where: { status: "ACTIVE", inventoryItemId: { in: items.map((i) => i.itemId) } } })).toBe(3000);

    const started = Date.now();
    const swept = await sweepLapsedHolds({ db: t.db, now: at(61) }, { batchSize: 1000, yieldToOthers: false });
    expect(swept).toEqual({ expiredHolds: 3000, releasedUnits: units, batches: dry.batches, done: true, yieldedBatches: 0 });
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const it of items) expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: it.itemId } })).toMatchObject({ stock: 3000, reserved: 0 });
    expect(await t.db.stockMovement.count({ where: { kind: "EXPIRE", inventoryItemId: { in: items.map((i) => i.itemId) } } })).toBe(3000);
    await expectConsistent(t);
    // Twice is harmless.
    expect((await sweepLapsedHolds({ db: t.db, now: at(62) }, {})).expiredHolds).toBe(0);
  });

  it("waits for a batch still running in another backend (a killed run's orphan) instead of skipping its holds", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 100 });
    for (let i = 0; i < 40; i++) expect((await cartSetLine(t.db, { storeId: store.id, token: token(), variantId: item.variantId, mode: "add", quantity: 1, now: T0 })).code).toBe("OK");
    // The orphan: a batch of 10 that has locked its holds and expired them, not yet committed (in
    // the item's share, as a run cut the same way would have taken it).
    const orphan = await t.pool.connect();
    try {
      await orphan.query("BEGIN");
      const { rows } = await orphan.query<{ holds: number }>(
        `SELECT holds FROM inv_sweep_lapsed($1::timestamp(3), 10, (hashtext($2) & 2147483647) % $3, $3)`,
        [at(61).toISOString(), item.itemId, SWEEP_SHARES],
      );
      expect(rows[0]?.holds).toBe(10);
      const orphanPid = (await orphan.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
      // The next run's first batch queues behind it (on the sweep's advisory lock), holding nothing.
      const next = sweepLapsedHolds({ db: t.db, now: at(61) }, { batchSize: 1000, yieldToOthers: false });
      for (let waited = 0; ; waited += 20) {
        const { rows: waiting } = await t.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'advisory' AND $1 = ANY(pg_blocking_pids(pid))`,
          [orphanPid],
        );
        if (waiting[0]!.n > 0) break;
        if (waited > 10_000) throw new Error("the next sweep never waited for the orphaned batch");
        await new Promise((r) => setTimeout(r, 20));
      }
      // The orphan's batch rolls back (its client died before COMMIT): the next run expires all 40.
      await orphan.query("ROLLBACK");
      expect(await next).toEqual({ expiredHolds: 40, releasedUnits: 40, batches: 1, done: true, yieldedBatches: 0 });
    } finally {
      orphan.release();
    }
    expect(await t.db.hold.count({ where: { inventoryItemId: item.itemId, status: "ACTIVE" } })).toBe(0);
    expect(await t.db.stockMovement.count({ where: { inventoryItemId: item.itemId, kind: "EXPIRE" } })).toBe(40);
    await expectConsistent(t);
  });

  it("gives way while another session is working (one share at a time, small batches) and not when idle", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const items = [await seedItem(t.db, { storeId: store.id, stock: 500 }), await seedItem(t.db, { storeId: store.id, stock: 500 })];
    // Earlier tests' holds out of the way: this test counts exactly, and runs after them in time.
    await sweepLapsedHolds({ db: t.db, now: at(100_000) }, { yieldToOthers: false });
    const B = 100_000;
    const add = (variantId: string) => cartSetLine(t.db, { storeId: store.id, token: token(), variantId, mode: "add", quantity: 1, now: at(B) });
    for (const it of items) for (let i = 0; i < 150; i++) expect((await add(it.variantId)).code).toBe("OK");
    // Another session busy with a statement (a shopper, an admin) for as long as the test needs.
    const busy = await t.pool.connect();
    const busyPid = (await busy.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
    const sleeping = busy.query(`SELECT pg_sleep(60)`).catch(() => undefined);
    try {
      for (let waited = 0; ; waited += 10) {
        const { rows } = await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND state = 'active'`, [busyPid]);
        if (rows[0]!.n > 0) break;
        if (waited > 5000) throw new Error("the busy session never started");
        await new Promise((r) => setTimeout(r, 10));
      }
      // Asked to stay at full pace, it does: shares side by side, batches as large as asked.
      const full = await sweepLapsedHolds({ db: t.db, now: at(B + 61) }, { batchSize: 100, yieldToOthers: false });
      expect(full).toMatchObject({ yieldedBatches: 0, done: true });
      expect(full.expiredHolds).toBe(300);
      // Another 300 lapse; the default gives way: only yielded batches, none larger than asked.
      for (const it of items) for (let i = 0; i < 150; i++) expect((await add(it.variantId)).code).toBe("OK");
      const started = Date.now();
      const yielded = await sweepLapsedHolds({ db: t.db, now: at(B + 200) }, { batchSize: 100 });
      expect(yielded).toMatchObject({ expiredHolds: 300, releasedUnits: 300, done: true });
      expect(yielded.yieldedBatches).toBe(yielded.batches);
      expect(yielded.batches).toBeGreaterThanOrEqual(3);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await t.pool.query(`SELECT pg_cancel_backend($1)`, [busyPid]);
      await sleeping;
      busy.release();
    }
    // Idle again (nothing for longer than the 100 ms a finished statement counts): full pace.
    for (const it of items) for (let i = 0; i < 10; i++) expect((await add(it.variantId)).code).toBe("OK");
    await new Promise((r) => setTimeout(r, 300));
    expect(await sweepLapsedHolds({ db: t.db, now: at(B + 400) }, { batchSize: 100 })).toMatchObject({ expiredHolds: 20, yieldedBatches: 0, done: true });
    expect(await t.db.hold.count({ where: { status: "ACTIVE", inventoryItemId: { in: items.map((i) => i.itemId) } } })).toBe(0);
    await expectConsistent(t);
  });
});

describe("holds: release one, sell and release many", () => {
  async function holdOne(storeId: string, variantId: string, quantity: number, now = T0) {
    const r = await cartSetLine(t.db, { storeId, token: token(), variantId, mode: "add", quantity, now });
    expect(r.code).toBe("OK");
    const h = await t.db.hold.findFirstOrThrow({ where: { cartId: r.cartId!, variantId, status: "ACTIVE" } });
    return h;
  }

  it("releaseHold: visible to the listing store and the owner only; cart holds only; once", async () => {
    const supplier = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const reseller = await seedStore(t.db);
    const stranger = await seedStore(t.db);
    const item = await seedItem(t.db, { storeId: supplier.id, stock: 10 });
    const listing = await seedListing(t.db, { storeId: reseller.id, itemId: item.itemId });
    const viaReseller = await holdOne(reseller.id, listing.variantId, 2);
    const viaSupplier = await holdOne(supplier.id, item.variantId, 3);
    const deps = { db: t.db, now: at(5) };
    const input = (storeId: string, holdId: string) => ({ storeId, holdId, reason: "stuck cart", actor: admin });

    await expectAppError(releaseHold(deps, input(stranger.id, viaReseller.id)), "NOT_FOUND");
    await expectAppError(releaseHold(deps, input(reseller.id, viaSupplier.id)), "NOT_FOUND"); // the supplier's own shoppers
    await expectAppError(releaseHold(deps, input(supplier.id, "no-such-hold")), "NOT_FOUND");

    const released = await releaseHold(deps, input(reseller.id, viaReseller.id));
    expect(released).toEqual({ id: viaReseller.id, sku: item.sku, quantity: 2, status: "RELEASED", expiresAt: viaReseller.expiresAt.toISOString(), cartId: viaReseller.cartId, orderId: null });
    const again = await expectAppError(releaseHold(deps, input(reseller.id, viaReseller.id)), "CONFLICT");
    expect(again.message).toMatch(/no longer active/);
    // The owner sees holds taken through its resellers.
    expect((await releaseHold(deps, input(supplier.id, viaSupplier.id))).status).toBe("RELEASED");
    const rows = await t.db.stockMovement.findMany({ where: { holdId: { in: [viaReseller.id, viaSupplier.id] }, kind: "RELEASE" } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.actorType === "USER" && r.reason === "stuck cart")).toBe(true);

    // An order's hold: 409, the order must be cancelled instead.
    const orderHold = await holdOne(supplier.id, item.variantId, 1);
    const order = await t.db.order.create({ data: { storeId: supplier.id, totalCents: 100, currency: "USD", paymentDeadline: at(900) } });
    await t.db.hold.update({ where: { id: orderHold.id }, data: { orderId: order.id } });
    const refused = await expectAppError(releaseHold(deps, input(supplier.id, orderHold.id)), "CONFLICT");
    expect(refused.message).toMatch(/order awaiting payment; cancel the order instead/);
    expect((await t.db.hold.findUniqueOrThrow({ where: { id: orderHold.id } })).status).toBe("ACTIVE");
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).reserved).toBe(1);
    await expectConsistent(t);
  });

  it("sells and releases each hold exactly once, even when called twice concurrently", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 600 });
    const x = await seedItem(t.db, { storeId: store.id, stock: 20 });
    const y = await seedItem(t.db, { storeId: store.id, stock: 20 });
    const deps = { db: t.db, now: at(10) };
    const toSell = [await holdOne(store.id, x.variantId, 2), await holdOne(store.id, y.variantId, 3), await holdOne(store.id, x.variantId, 1)];
    const toRelease = [await holdOne(store.id, x.variantId, 4), await holdOne(store.id, y.variantId, 5)];
    const ids = (hs: { id: string }[]) => hs.map((h) => h.id);
    const args = { reason: "paid", actor: { type: "SYSTEM" as const } };

    for (let round = 0; round < 5; round++) {
      // Reverse order in one caller: the engine locks by id whatever the input order.
      const [s1, s2, r1, r2] = await Promise.all([
        sellHolds(deps, { holdIds: ids(toSell), orderId: null, ...args }),
        sellHolds(deps, { holdIds: ids(toSell).reverse(), ...args }),
        releaseHolds(deps, { holdIds: ids(toRelease), ...args }),
        releaseHolds(deps, { holdIds: ids(toRelease).reverse(), status: "RELEASED", ...args }),
      ]);
      if (round === 0) {
        expect([...s1, ...s2].map((h) => h.holdId).sort()).toEqual(ids(toSell).sort());
        expect([...r1, ...r2].map((h) => h.holdId).sort()).toEqual(ids(toRelease).sort());
      } else {
        expect([...s1, ...s2, ...r1, ...r2]).toEqual([]);
      }
    }
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: x.itemId } })).toMatchObject({ stock: 17, reserved: 0 });
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: y.itemId } })).toMatchObject({ stock: 17, reserved: 0 });
    expect(await t.db.stockMovement.count({ where: { kind: "SALE", holdId: { in: ids(toSell) } } })).toBe(3);
    expect(await t.db.stockMovement.count({ where: { kind: "RELEASE", holdId: { in: ids(toRelease) } } })).toBe(2);

    // Selling and releasing the same hold at once: exactly one wins.
    const contested = await holdOne(store.id, y.variantId, 2);
    const [sold, freed] = await Promise.all([
      sellHolds(deps, { holdIds: [contested.id], ...args }),
      releaseHolds(deps, { holdIds: [contested.id], status: "EXPIRED", ...args }),
    ]);
    expect(sold.length + freed.length).toBe(1);
    // Inside a caller's transaction too (the checkout uses the transaction client).
    const inTx = await holdOne(store.id, x.variantId, 1);
    const [moved] = await t.db.$transaction(async (tx) => [await sellHolds({ db: tx, now: at(11) }, { holdIds: [inTx.id], orderId: null, ...args })]);
    expect(moved).toEqual([{ holdId: inTx.id, itemId: x.itemId, quantity: 1 }]);
    await expectConsistent(t);
  });
});
