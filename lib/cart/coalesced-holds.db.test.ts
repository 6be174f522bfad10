// Coalesced holds (cart_write_lines_view through the process's coalescer): a batch answers every
// request exactly as the one-request path would, in arrival order (the same guards: drops, line
// caps, per-customer limits, a shopper's own hold, lapsed holds reclaimed); a batch whose statement
// fails answers each of its requests "unavailable" (503), leaves nothing half-written, and the
// next batch works.
import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import type { CartView } from "@/lib/cart/schemas";
import {
  createCartWriteCoalescer,
  setCartLine,
  writeCartLine,
  type CartWriteRequest,
  type SetCartLineInput,
} from "@/lib/cart/set-cart-line";
import { assertInvariants, createTestProduct, createTestStore, createTestUser, itemCounters, newGuest } from "@/lib/testing/cart-fixtures";
import { testDbForFile } from "@/lib/testing/test-db";

const t = testDbForFile();
const T0 = new Date("2026-12-05T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);


type Shopper = { storeId: string; userId: string | null; tokenHash: string | null };
type Step = { who: string; mode: "add" | "set"; quantity: number };

/** What a caller sees of one write: the refusal's code and details, or its own line and the cart's hold expiry. */
function seen(r: PromiseSettledResult<CartView>, variantId: string) {
  if (r.status === "rejected") {
    const e = r.reason as unknown;
    if (!(e instanceof AppError)) throw e;
    return { error: e.code, details: e.details ?? null, message: e.message };
  }
  const line = r.value.lines.find((l) => l.variantId === variantId);
  return { line: line ? { quantity: line.quantity, held: line.held, available: line.available } : null, issues: r.value.issues.length };
}

/** A batch that surely forms: the first request runs alone; the rest wait for it and go as one statement. */
async function runAsBatch(reqs: CartWriteRequest[]) {
  const sizes: number[] = [];
  const c = createCartWriteCoalescer(t.db, { maxWaitMs: 10_000, maxBatch: 1000, onBatch: (n) => sizes.push(n) });
  const key = "k";
  const results = await Promise.allSettled(reqs.map((r) => c.submit(key, r)));
  expect(sizes).toEqual(reqs.length > 1 ? [1, reqs.length - 1] : [1]);
  return results;
}

async function runOneByOne(reqs: CartWriteRequest[]) {
  const out: PromiseSettledResult<CartView>[] = [];
  for (const r of reqs) out.push(await Promise.allSettled([writeCartLine({ db: t.db, now: r.now }, r.input)]).then((x) => x[0]!));
  return out;
}

describe("a batch answers each request as the one-request path would, in arrival order", () => {
  it("mixes carts, quantities, a shopper's own hold, a line cap, a per-customer limit, a lapsed hold to reclaim and a removal", async () => {
    const store = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const users = [await createTestUser(t.db), await createTestUser(t.db)];
    // The same story on two identical products: batched on A, one by one on B.
    const run = async (variantId: string, itemId: string, shoppers: Record<string, Shopper>, batched: boolean) => {
      const req = (s: Step, now: Date): CartWriteRequest => ({ input: { ...shoppers[s.who]!, variantId, mode: s.mode, quantity: s.quantity }, now });
      // Before: g1 holds 2 at T0 (lapsed by T0+120 s); u1 holds 1 (fresh).
      await writeCartLine({ db: t.db, now: T0 }, req({ who: "g1", mode: "add", quantity: 2 }, T0).input);
      await writeCartLine({ db: t.db, now: at(100) }, req({ who: "u1", mode: "add", quantity: 1 }, at(100)).input);
      const steps: Step[] = [
        { who: "g2", mode: "add", quantity: 1 }, // OK: 2 free (g1's 2 lapsed units still reserved)
        { who: "u1", mode: "add", quantity: 1 }, // OK: u1's own hold grows to 2, the last free unit
        { who: "g1", mode: "add", quantity: 1 }, // g1's hold lapsed: expired, the line holds 3 afresh; 2 free: refused
        { who: "u1", mode: "add", quantity: 2 }, // per-customer limit 3: refused
        { who: "g3", mode: "add", quantity: 1 }, // OK
        { who: "g2", mode: "add", quantity: 1 }, // OK, the last unit
        { who: "u2", mode: "add", quantity: 100 }, // over the line cap (99): bad input, refused alone
        { who: "u1", mode: "set", quantity: 1 }, // shrink: frees 1
        { who: "g3", mode: "set", quantity: 0 }, // removal: frees 1
        { who: "u2", mode: "add", quantity: 2 }, // OK: the 2 just freed
        { who: "g2", mode: "add", quantity: 1 }, // sold out; g2's own 2 units count for g2
      ];
      const reqs = steps.map((s, i) => req(s, at(120 + (i % 3) * 0.001)));
      const results = batched ? await runAsBatch(reqs) : await runOneByOne(reqs);
      return { seen: results.map((r) => seen(r, variantId)), counters: await itemCounters(t.db, itemId) };
    };
    const shoppersFor = () => ({
      g1: newGuest(store.id),
      g2: newGuest(store.id),
      g3: newGuest(store.id),
      g4: newGuest(store.id),
      u1: { storeId: store.id, userId: users[0]!.id, tokenHash: null },
      u2: { storeId: store.id, userId: users[1]!.id, tokenHash: null },
    });
    const a = await createTestProduct(t.db, { storeId: store.id, stock: 5, perCustomerLimit: 3 });
    const b = await createTestProduct(t.db, { storeId: store.id, stock: 5, perCustomerLimit: 3 });
    const batched = await run(a.variantIds[0]!, a.itemIds[0]!, shoppersFor(), true);
    const alone = await run(b.variantIds[0]!, b.itemIds[0]!, shoppersFor(), false);
    expect(batched).toEqual(alone);
    expect(batched.seen.map((s) => ("error" in s ? s.error : "OK"))).toEqual([
      "OK",
      "OK",
      "INSUFFICIENT_STOCK",
      "LIMIT_EXCEEDED",
      "OK",
      "OK",
      "INVALID_INPUT",
      "OK",
      "OK",
      "OK",
      "INSUFFICIENT_STOCK",
    ]);
    expect(batched.seen[2]).toMatchObject({ details: { available: 2 } });
    expect(batched.seen[3]).toMatchObject({ details: { limit: 3 } });
    expect(batched.seen[10]).toMatchObject({ details: { available: 2 }, message: "Only 2 left." });
    expect(batched.counters).toEqual({ stock: 5, reserved: 5 });
    // Every hold its own ledger row: HOLD rows for A as many as for B.
    const ledger = async (itemId: string) =>
      (await t.db.stockMovement.groupBy({ by: ["kind"], where: { inventoryItemId: itemId }, _count: true, orderBy: { kind: "asc" } })).map((g) => [g.kind, g._count]);
    expect(await ledger(a.itemIds[0]!)).toEqual(await ledger(b.itemIds[0]!));
    await assertInvariants(t.db);
  });

  it("a drop: refused as not released before its time, held after; a stale guest token gets a new cart", async () => {
    const store = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: store.id, stock: 2, releaseAt: at(60) });
    const variantId = p.variantIds[0]!;
    const guests = [newGuest(store.id), newGuest(store.id), newGuest(store.id)];
    const early = await runAsBatch(guests.map((g) => ({ input: { ...g, variantId, mode: "add", quantity: 1 }, now: at(30) })));
    expect(early.map((r) => seen(r, variantId))).toEqual(
      guests.map(() => ({ error: "NOT_RELEASED", details: { releaseAt: at(60).toISOString() }, message: `This drop opens at ${at(60).toISOString()}.` })),
    );
    // A checked-out cart's token: the write detaches it and opens a new cart (as alone).
    await t.db.cart.create({ data: { storeId: store.id, tokenHash: guests[0]!.tokenHash, status: "CHECKED_OUT" } });
    const open = await runAsBatch(guests.map((g) => ({ input: { ...g, variantId, mode: "add", quantity: 1 }, now: at(61) })));
    expect(open.map((r) => ("error" in seen(r, variantId) ? "refused" : "OK"))).toEqual(["OK", "OK", "refused"]);
    expect(await itemCounters(t.db, p.itemIds[0]!)).toEqual({ stock: 2, reserved: 2 });
    await assertInvariants(t.db);
  });
});

describe("a batch whose statement fails", () => {
  it("answers each of its requests unavailable (503), writes nothing, and the next batch works", async () => {
    const store = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: store.id, stock: 20 });
    const variantId = p.variantIds[0]!;
    // A client whose statements time out after 300 ms, and a hold of 7 units that takes a second:
    // the batch's fourth request makes the whole statement time out after three holds were written.
    const slow = createDb({ url: t.url, poolSize: 2, statementTimeoutMs: 300 });
    await t.db.$executeRawUnsafe(`
      CREATE FUNCTION test_slow_hold() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.quantity = 7 THEN PERFORM pg_sleep(1); END IF; RETURN NEW; END $$`);
    await t.db.$executeRawUnsafe(`CREATE TRIGGER test_slow_hold BEFORE INSERT ON "Hold" FOR EACH ROW EXECUTE FUNCTION test_slow_hold()`);
    try {
      const guests = Array.from({ length: 6 }, () => newGuest(store.id));
      const input = (g: Shopper, quantity: number): SetCartLineInput => ({ ...g, variantId, mode: "add", quantity });
      const sizes: number[] = [];
      // maxBatch above the four: they wait for the first to finish (a full batch would go at once, as
      // the second statement in flight, and could take the item's row before the first).
      const c = createCartWriteCoalescer(slow.db, { maxWaitMs: 10_000, maxBatch: 5, onBatch: (n) => sizes.push(n) });
      // The first runs alone (OK); the next four wait for it and fail together; the sixth, sent while
      // they run, is the next batch.
      const first = c.submit("k", { input: input(guests[0]!, 1), now: T0 });
      const failing = Promise.allSettled([1, 1, 1, 7].map((q, i) => c.submit("k", { input: input(guests[i + 1]!, q), now: T0 })));
      await expect(first).resolves.toMatchObject({ lines: [{ quantity: 1, held: 1 }] });
      const next = c.submit("k", { input: input(guests[5]!, 2), now: T0 });
      const failed = await failing;
      for (const f of failed) {
        expect(f.status).toBe("rejected");
        expect(isDatabaseUnavailable((f as PromiseRejectedResult).reason)).toBe(true);
      }
      await expect(next).resolves.toMatchObject({ lines: [{ quantity: 2, held: 2 }] });
      expect(sizes).toEqual([1, 4, 1]);
      // Nothing of the failed batch: no cart, no hold, no ledger row; the counters agree.
      expect(await t.db.cart.count({ where: { tokenHash: { in: guests.slice(1, 5).map((g) => g.tokenHash) } } })).toBe(0);
      expect(await t.db.hold.count({ where: { variantId } })).toBe(2);
      expect(await t.db.stockMovement.count({ where: { inventoryItemId: p.itemIds[0]!, kind: "HOLD" } })).toBe(2);
      expect(await itemCounters(t.db, p.itemIds[0]!)).toEqual({ stock: 20, reserved: 3 });
      await assertInvariants(t.db);
    } finally {
      await t.db.$executeRawUnsafe(`DROP TRIGGER test_slow_hold ON "Hold"`);
      await t.db.$executeRawUnsafe(`DROP FUNCTION test_slow_hold()`);
      await slow.db.$disconnect();
      await slow.pool.end();
    }
  });
});

describe("a batch's transaction", () => {
  it("commits as a hold commits (synchronous_commit off), even when every request was refused", async () => {
    const store = await createTestStore(t.db);
    const p = await createTestProduct(t.db, { storeId: store.id, stock: 0 });
    const g = newGuest(store.id);
    const c = await t.pool.connect();
    try {
      await c.query("BEGIN");
      const { rows } = await c.query<{ req: number; code: string }>(
        `SELECT req, code FROM cart_write_lines_view($1, $2, ARRAY[NULL, NULL]::text[], ARRAY[$3, $3]::text[], ARRAY['add', 'add'], ARRAY[1, 2], 99, $4::timestamp(3))`,
        [store.id, p.variantIds[0], g.tokenHash, T0.toISOString()],
      );
      expect(rows).toEqual([{ req: 1, code: "INSUFFICIENT_STOCK" }, { req: 2, code: "INSUFFICIENT_STOCK" }]);
      const setting = await c.query<{ v: string }>(`SELECT current_setting('synchronous_commit') AS v`);
      expect(setting.rows[0]?.v).toBe("off");
    } finally {
      await c.query("ROLLBACK").catch(() => {});
      c.release();
    }
  });
});

describe("setCartLine with coalescing on", () => {
  it("a burst on one item through the process's coalescer never oversells, and a quiet item still answers alone", async () => {
    const store = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: store.id, stock: 7 });
    const variantId = p.variantIds[0]!;
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => setCartLine({ db: t.db, now: T0 }, { ...newGuest(store.id), variantId, mode: "add", quantity: 1 }, { coalesce: true })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("INSUFFICIENT_STOCK");
    expect(await itemCounters(t.db, p.itemIds[0]!)).toEqual({ stock: 7, reserved: 7 });
    const quiet = await createTestProduct(t.db, { storeId: store.id, stock: 1 });
    await expect(
      setCartLine({ db: t.db, now: T0 }, { ...newGuest(store.id), variantId: quiet.variantIds[0]!, mode: "add", quantity: 1 }, { coalesce: true }),
    ).resolves.toMatchObject({ lines: [{ held: 1 }] });
    await assertInvariants(t.db);
  });
});
