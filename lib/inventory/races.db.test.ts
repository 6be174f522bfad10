// Races at the database level: many shoppers on one item, and holds racing bulk stock changes,
// sweeps, sells and multi-item cart operations on several items — no oversell, no deadlock, no drift.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlState } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { bulkAdjustStock } from "@/lib/inventory/bulk-adjust-stock";
import { checkInvariants } from "@/lib/inventory/invariants";
import { sellHolds } from "@/lib/testing/hold-engine";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { cartSetLine, seedItem, seedStore, type SeededItem } from "@/lib/testing/inventory-fixtures";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { seededRandom } from "@/lib/testing/seeded-random";
import { blockedOrDone, openSession } from "@/lib/testing/sessions";

let t: TestDb;
const T0 = new Date("2026-04-01T09:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const admin = { type: "TOKEN" as const, id: "token-1", label: "erp" };

beforeAll(async () => {
  t = await createTestDb({ poolSize: 20 });
});
afterAll(async () => {
  await t.drop();
});


describe("one hot item", () => {
  it("200 concurrent shoppers for 37 units: exactly 37 holds, the rest INSUFFICIENT_STOCK", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 900 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 37 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => cartSetLine(t.db, { storeId: store.id, token: `hot-${i}`, variantId: item.variantId, mode: "add", quantity: 1, now: T0 })),
    );
    const codes = results.map((r) => r.code);
    expect(codes.filter((c) => c === "OK")).toHaveLength(37);
    expect(codes.filter((c) => c === "INSUFFICIENT_STOCK")).toHaveLength(163);
    expect(results.filter((r) => r.code === "INSUFFICIENT_STOCK").every((r) => r.available === 0)).toBe(true);
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).toMatchObject({ stock: 37, reserved: 37 });
    expect(await t.db.hold.count({ where: { inventoryItemId: item.itemId, status: "ACTIVE" } })).toBe(37);
    expect(await checkInvariants({ db: t.db })).toEqual([]);
  });

  it("lapsed holds are reclaimed under contention: still exactly the stock, never more", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 37 });
    for (let i = 0; i < 15; i++) {
      expect((await cartSetLine(t.db, { storeId: store.id, token: `early-${i}`, variantId: item.variantId, mode: "add", quantity: 1, now: T0 })).code).toBe("OK");
    }
    // 61 s later those 15 have lapsed (unswept); 200 shoppers asking 1 to 3 units each.
    const random = seededRandom(37);
    const wants = Array.from({ length: 200 }, () => 1 + Math.floor(random() * 3));
    const results = await Promise.all(
      wants.map((q, i) => cartSetLine(t.db, { storeId: store.id, token: `late-${i}`, variantId: item.variantId, mode: "add", quantity: q, now: at(61) })),
    );
    const won = results.flatMap((r, i) => (r.code === "OK" ? [wants[i]!] : []));
    const lost = results.flatMap((r, i) => (r.code === "INSUFFICIENT_STOCK" ? [wants[i]!] : []));
    expect(won.length + lost.length).toBe(200);
    const held = won.reduce((a, b) => a + b, 0);
    expect(held).toBeLessThanOrEqual(37);
    // No undersell either: whatever is left is less than any refused request (stock only went down).
    expect(37 - held).toBeLessThan(Math.min(...lost));
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).toMatchObject({ stock: 37, reserved: held });
    expect(await t.db.hold.count({ where: { inventoryItemId: item.itemId, status: "EXPIRED" } })).toBe(15);
    expect(await checkInvariants({ db: t.db })).toEqual([]);
  });

  it("a refusal is decided under the item's lock: a restock in flight is waited for and counted, never half seen", async () => {
    // inv_move_reserved's guarded update is judged on its statement's snapshot and does not wait for
    // a row it does not match; the refusal path locks the row and decides on its latest version.
    const store = await seedStore(t.db, { reservationTtlSeconds: 900 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 1 });
    expect((await cartSetLine(t.db, { storeId: store.id, token: "first", variantId: item.variantId, mode: "add", quantity: 1, now: T0 })).code).toBe("OK");
    const [restock, shopper, observer] = await Promise.all([openSession(t.directUrl), openSession(t.directUrl), openSession(t.directUrl)]);
    try {
      await restock.query("BEGIN");
      await restock.query(`SELECT * FROM inv_adjust($1, NULL, 5, NULL, false, 'TOKEN', 'token-1', 'erp', 'restock', $2::timestamp(3))`, [item.itemId, T0.toISOString()]);
      // "set" skips the sold-out fast path (a lock-free read that answers adds at once).
      const asking = shopper.query<{ code: string; available: number | null }>(
        `SELECT code, available FROM cart_set_line($1, NULL, 'second', $2, 'set', 4, 99, $3::timestamp(3))`,
        [store.id, item.variantId, T0.toISOString()],
      );
      expect(await blockedOrDone(observer, shopper.pid, asking)).toBe("blocked");
      await restock.query("COMMIT");
      expect((await asking)[0]).toMatchObject({ code: "OK" });
    } finally {
      await Promise.all([restock, shopper, observer].map((s) => s.close()));
    }
    expect(await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.itemId } })).toMatchObject({ stock: 6, reserved: 5 });
    expect(await checkInvariants({ db: t.db })).toEqual([]);
  });
});

describe("several items", () => {
  it("holds racing bulk adjustments (rows in varying orders), sweeps, sells and cart fixes: no deadlock, no drift", async () => {
    const store = await seedStore(t.db, { reservationTtlSeconds: 60 });
    const items: SeededItem[] = [];
    for (let i = 0; i < 6; i++) items.push(await seedItem(t.db, { storeId: store.id, stock: 40 }));
    const random = seededRandom(2026);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const shuffle = <T,>(xs: readonly T[]): T[] => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    };
    const tokens = Array.from({ length: 24 }, (_, i) => `multi-${i}`);
    // Carts with lines on several items, some of them lapsing, before the storm.
    for (const tok of tokens.slice(0, 12)) {
      for (const it of shuffle(items).slice(0, 3)) await cartSetLine(t.db, { storeId: store.id, token: tok, variantId: it.variantId, mode: "add", quantity: 2, now: T0 });
    }

    const unexpected: unknown[] = [];
    const outcomes = { ok: 0, insufficient: 0, bulkApplied: 0, bulkRefused: 0, sold: 0 };
    const guard = async (p: Promise<unknown>, expected: (e: unknown) => boolean = () => false) => {
      try {
        await p;
      } catch (e) {
        if (!expected(e)) unexpected.push(e);
      }
    };

    for (let round = 1; round <= 3; round++) {
      const now = at(30 + round * 25); // holds from T0 lapse at 60 s: contention reclaims them
      const deps = { db: t.db, now };
      const ops: Promise<unknown>[] = [];
      for (let i = 0; i < 120; i++) {
        const it = pick(items);
        const tok = pick(tokens);
        const mode = random() < 0.7 ? "add" : "set";
        const quantity = mode === "add" ? 1 + Math.floor(random() * 3) : Math.floor(random() * 5);
        ops.push(
          guard(
            cartSetLine(t.db, { storeId: store.id, token: tok, variantId: it.variantId, mode, quantity, now }).then((r) => {
              if (r.code === "OK") outcomes.ok++;
              else if (r.code === "INSUFFICIENT_STOCK") outcomes.insufficient++;
              else unexpected.push(new Error(`cart_set_line answered ${r.code}`));
            }),
          ),
        );
      }
      for (let i = 0; i < 10; i++) {
        const rows = shuffle(items).map((it) => (random() < 0.5 ? { sku: it.sku, adjust: Math.floor(random() * 10) - 3 } : { sku: it.sku, stock: 30 + Math.floor(random() * 31) }));
        ops.push(
          guard(
            bulkAdjustStock(deps, { storeId: store.id, rows, reason: `erp push ${round}.${i}`, actor: admin }).then(() => outcomes.bulkApplied++),
            (e) => e instanceof AppError && e.code === "STOCK_BELOW_RESERVED" && (outcomes.bulkRefused++, true),
          ),
        );
      }
      for (let i = 0; i < 3; i++) ops.push(guard(sweepLapsedHolds(deps, { batchSize: 7 })));
      for (let i = 0; i < 6; i++) {
        ops.push(guard(t.db.$queryRaw`SELECT cart_fix(c.id, ${now.toISOString()}::timestamp(3)) FROM "Cart" c WHERE c."tokenHash" = ${pick(tokens)}`));
      }
      ops.push(guard(t.db.$queryRaw`SELECT cart_clear(c.id, ${now.toISOString()}::timestamp(3)) FROM "Cart" c WHERE c."tokenHash" = ${pick(tokens)}`));
      for (let i = 0; i < 4; i++) {
        ops.push(
          guard(
            (async () => {
              const holds = await t.db.hold.findMany({ where: { status: "ACTIVE", cart: { tokenHash: pick(tokens) } }, select: { id: true } });
              const sold = await sellHolds(deps, { holdIds: shuffle(holds.map((h) => h.id)), reason: "paid", actor: { type: "SYSTEM" } });
              outcomes.sold += sold.length;
            })(),
          ),
        );
      }
      await Promise.all(shuffle(ops));
    }

    const deadlocks = unexpected.filter((e) => sqlState(e) === "40P01" || /deadlock/i.test(String(e)));
    expect(deadlocks).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.bulkApplied).toBeGreaterThan(0);
    expect(await checkInvariants({ db: t.db })).toEqual([]);
    const counters = await t.db.inventoryItem.findMany({ where: { storeId: store.id }, select: { stock: true, reserved: true } });
    expect(counters.every((c) => c.reserved >= 0 && c.reserved <= c.stock)).toBe(true);
  });
});
