// The add-to-cart hot path as tuned by the benchmark (prisma/sql/cart/cart-write-line.sql,
// cart-write-line-view.sql, cart-view.sql, rate-limit/rate-limit-add.sql): what commits
// asynchronously and what never does, and the plans the engine's lookups get on a table the
// planner has no statistics for (a drop's first minutes, or a server with autovacuum off).
import { beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { testDbForFile } from "@/lib/testing/test-db";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getCartView } from "@/lib/cart/get-cart-view";
import { AppError } from "@/lib/errors";
import { assertInvariants, createTestProduct, createTestStore, newGuest } from "@/lib/testing/cart-fixtures";

const t = testDbForFile();
const NOW = new Date("2026-11-30T12:00:00.000Z");

/** Runs `fn` on one connection inside a transaction that is rolled back; returns what it returned. */
async function inRolledBackTransaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await t.pool.connect();
  try {
    await c.query("BEGIN");
    return await fn(c);
  } finally {
    await c.query("ROLLBACK").catch(() => {});
    c.release();
  }
}

async function commitSetting(c: pg.PoolClient): Promise<string> {
  const { rows } = await c.query<{ v: string }>(`SELECT current_setting('synchronous_commit') AS v`);
  return rows[0]!.v;
}

describe("synchronous_commit: off for a hold's transaction only", () => {
  it("a cart write turns it off until its own COMMIT; the next transaction and a checkout commit synchronously", async () => {
    const s = await createTestStore(t.db);
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 5 });
    const g = newGuest(s.id);
    expect(
      await inRolledBackTransaction(async (c) => {
        expect(await commitSetting(c)).toBe("on");
        const { rows } = await c.query<{ code: string }>(
          `SELECT code FROM cart_write_line_view($1, NULL, $2, $3, 'add', 1, 99, $4::timestamp(3)) LIMIT 1`,
          [s.id, g.tokenHash, p.variantId, NOW.toISOString()],
        );
        expect(rows[0]?.code).toBe("OK");
        return commitSetting(c);
      }),
    ).toBe("off");

    // A real hold, then a checkout of it in a transaction of its own: that one stays synchronous.
    await setCartLine({ db: t.db, now: NOW }, { ...g, variantId: p.variantId, mode: "add", quantity: 1 });
    const cart = await getCartView({ db: t.db, now: NOW }, g);
    expect(
      await inRolledBackTransaction(async (c) => {
        const { rows } = await c.query<{ code: string }>(`SELECT code FROM order_checkout($1, $2, NULL, $3, NULL, $4::timestamp(3))`, [
          s.id,
          cart.id,
          g.tokenHash,
          NOW.toISOString(),
        ]);
        expect(rows[0]?.code).toBe("OK");
        return commitSetting(c);
      }),
    ).toBe("on");
    // A refusal (nothing held) is answered from the fast path before any write: nothing to relax.
    const sold = await createTestProduct(t.db, { storeId: s.id, stock: 0 });
    expect(
      await inRolledBackTransaction(async (c) => {
        await c.query(`SELECT code FROM cart_write_line_view($1, NULL, $2, $3, 'add', 1, 99, $4::timestamp(3))`, [s.id, g.tokenHash, sold.variantId, NOW.toISOString()]);
        return commitSetting(c);
      }),
    ).toBe("on");
  });
});

describe("the hot path's own statements (pg, beneath Prisma)", () => {
  it("read timestamps as UTC, whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
      const p = await createTestProduct(t.db, { storeId: s.id, stock: 3, releaseAt: new Date("2026-01-01T00:00:00.000Z") });
      const g = newGuest(s.id);
      const cart = await setCartLine({ db: t.db, now: NOW }, { ...g, variantId: p.variantId, mode: "add", quantity: 1 });
      expect(cart.expiresAt).toBe("2026-11-30T12:15:00.000Z");
      expect(cart.lines[0]?.holdExpiresAt).toBe("2026-11-30T12:15:00.000Z");
      expect((await getCartView({ db: t.db, now: NOW }, g)).expiresAt).toBe("2026-11-30T12:15:00.000Z");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe("the write views answer the cart view's rows", () => {
  it("cart_write_line_view and cart_write_lines_view end with cart_view's columns, the same names and types in the same order", async () => {
    // PostgreSQL has no way to spell "cart_view's columns" in a RETURNS TABLE, so the two write
    // views repeat them: a column added to one list only failed every coalesced add (42804) once.
    const { rows } = await t.pool.query<{ name: string; result: string }>(
      `SELECT p.proname AS name, pg_get_function_result(p.oid) AS result FROM pg_proc p
       WHERE p.proname IN ('cart_view', 'cart_write_line_view', 'cart_write_lines_view')`,
    );
    const columns = (name: string) => {
      const result = rows.find((r) => r.name === name)?.result ?? "";
      return result.replace(/^TABLE\(|\)$/g, "").split(", ");
    };
    const view = columns("cart_view");
    expect(view.length).toBeGreaterThan(10);
    expect(columns("cart_write_line_view").slice(-view.length)).toEqual(view);
    expect(columns("cart_write_lines_view").slice(-view.length)).toEqual(view);
  });
});

/** The plans of every statement run inside `sql` (auto_explain, nested statements), as text. */
async function nestedPlans(sql: string, params: unknown[]): Promise<string> {
  const c = await t.pool.connect();
  const notices: string[] = [];
  const onNotice = (n: { message?: string }) => notices.push(n.message ?? "");
  c.on("notice", onNotice);
  try {
    await c.query(`LOAD 'auto_explain'`);
    await c.query(`SET auto_explain.log_min_duration = 0`);
    await c.query(`SET auto_explain.log_nested_statements = on`);
    await c.query(`SET auto_explain.log_level = notice`);
    await c.query(`SET auto_explain.log_analyze = on`);
    await c.query(`SET client_min_messages = notice`);
    await c.query("BEGIN");
    await c.query(sql, params);
    return notices.join("\n");
  } finally {
    await c.query("ROLLBACK").catch(() => {});
    await c.query(`RESET ALL`).catch(() => {});
    c.off("notice", onNotice);
    c.release(true); // auto_explain stays loaded in this backend: do not return it to the pool
  }
}

/** The most rows any plan node produced (auto_explain with ANALYZE): a walk of a big table shows here. */
function maxActualRows(plan: string): number {
  return Math.max(0, ...[...plan.matchAll(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/g)].map((m) => Number(m[1]) * Number(m[2])));
}

/** The plan auto_explain printed for the nested statement whose text contains `marker`. */
function planOf(plans: string, marker: string): string {
  const block = plans.split(/\n(?=duration: )/).find((b) => b.includes(marker));
  if (!block) throw new Error(`no plan for a statement containing ${marker}:\n${plans.slice(0, 4000)}`);
  return block;
}

describe("plans on a table without statistics (a drop's thousands of fresh holds)", () => {
  let storeId: string;
  let hot: { variantId: string; itemId: string };
  let shopper: ReturnType<typeof newGuest>;

  beforeAll(async () => {
    const s = await createTestStore(t.db);
    storeId = s.id;
    const HELD = 3000;
    hot = await createTestProduct(t.db, { storeId, stock: HELD });
    const other = await createTestProduct(t.db, { storeId, stock: 100_000 });
    const more = await Promise.all(Array.from({ length: 8 }, () => createTestProduct(t.db, { storeId, stock: 100_000 })));
    // 3,000 guest carts hold the hot item's every unit; on each of nine other items, 3,000 holds,
    // lapsed, as earlier drops left them (one after another, each hold a little later).
    const lapsedItems = [other, ...more];
    await t.pool.query(
      `WITH carts AS (
         INSERT INTO "Cart" (id, "storeId", "tokenHash", status, "createdAt", "updatedAt")
         SELECT 'hp_cart_' || g, $1, 'hp_tok_' || g, 'ACTIVE', $4::timestamp(3), $4::timestamp(3) FROM generate_series(1, $5::int * 10) g
         RETURNING id
       )
       INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
       SELECT 'hp_hold_' || g, $1,
         CASE WHEN g <= $5 THEN $2 ELSE ($3::text[])[(g - 1) / $5] END, CASE WHEN g <= $5 THEN $6 ELSE ($7::text[])[(g - 1) / $5] END,
         'hp_cart_' || g, 1, 'ACTIVE',
         CASE WHEN g <= $5 THEN $4::timestamp(3) + interval '15 minutes' ELSE $4::timestamp(3) - interval '5 hours' + g * interval '100 ms' END,
         $4::timestamp(3), $4::timestamp(3)
       FROM generate_series(1, $5::int * 10) g WHERE EXISTS (SELECT 1 FROM carts)`,
      [storeId, hot.itemId, lapsedItems.map((i) => i.itemId), NOW.toISOString(), HELD, hot.variantId, lapsedItems.map((i) => i.variantId)],
    );
    await t.pool.query(`UPDATE "InventoryItem" i SET reserved = h.n FROM (SELECT "inventoryItemId", count(*)::int AS n FROM "Hold" GROUP BY 1) h WHERE h."inventoryItemId" = i.id`);
    // The ledger's HOLD rows, so the books balance as the engine would have left them.
    await t.pool.query(
      `INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "holdId", "actorType", "createdAt")
       SELECT $1, h."inventoryItemId", 'HOLD', 0, 1, i.stock, 0, h.id, 'SHOPPER', h."createdAt"
       FROM "Hold" h JOIN "InventoryItem" i ON i.id = h."inventoryItemId" WHERE h.id LIKE 'hp_hold_%'`,
      [storeId],
    );
    shopper = newGuest(storeId);
    // The shopper holds one unit of the other item, so their cart exists and has a line.
    await setCartLine({ db: t.db, now: NOW }, { ...shopper, variantId: other.variantId, mode: "add", quantity: 1 });
  });

  it("guest carts are reachable through their unique token only (no index the planner could walk instead)", async () => {
    // Without statistics the planner took a (storeId, userId, status) index, which held every guest
    // cart under (store, NULL, ACTIVE), for the token lookup: every add walked the store's guest carts.
    const { rows } = await t.pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'Cart' AND indexdef NOT LIKE '%"userId" IS NOT NULL%' ORDER BY indexname`,
    );
    expect(rows.map((r) => r.indexname)).toEqual(["Cart_pkey", "Cart_tokenHash_key"]);
  });

  it("a sold-out add finds the shopper's own hold by unique keys, not by scanning every cart per hold", async () => {
    const plans = await nestedPlans(`SELECT * FROM cart_write_line_view($1, NULL, $2, $3, 'add', 1, 99, $4::timestamp(3))`, [
      storeId,
      shopper.tokenHash,
      hot.variantId,
      NOW.toISOString(),
    ]);
    const cartLookup = planOf(plans, `c."tokenHash" = p_token_hash`);
    expect(cartLookup).toContain(`"Cart_tokenHash_key"`);
    const ownHold = planOf(plans, `h."cartId" = v_cart`);
    expect(ownHold).toMatch(/Index (Only )?Scan using "Hold_(one_active_per_cart_variant|cartId_idx)"/);
    expect(cartLookup).not.toContain("Nested Loop");
    expect(ownHold).not.toContain("Nested Loop");
    // A refusal reads a handful of rows, whatever the number of carts and holds.
    expect(maxActualRows(plans)).toBeLessThanOrEqual(10);
    await expect(setCartLine({ db: t.db, now: NOW }, { ...shopper, variantId: hot.variantId, mode: "add", quantity: 1 })).rejects.toMatchObject(
      new AppError("INSUFFICIENT_STOCK", "Sorry, this item is sold out.", { available: 0 }),
    );
  });

  it.each(["without statistics", "after ANALYZE"])(
    "a new hold's deadline reads the line's own earlier holds through an index, never every hold ever written (%s)",
    async (stats) => {
      if (stats === "after ANALYZE") await t.pool.query(`ANALYZE "Hold"`);
      const fresh = newGuest(storeId);
      const target = await createTestProduct(t.db, { storeId, stock: 10 });
      const plans = await nestedPlans(`SELECT * FROM cart_write_line_view($1, NULL, $2, $3, 'add', 1, 99, $4::timestamp(3))`, [
        storeId,
        fresh.tokenHash,
        target.variantId,
        NOW.toISOString(),
      ]);
      const deadline = planOf(plans, `h."cartId" = p_cart`);
      expect(deadline).toContain(`"Hold_by_cart_line"`);
      expect(deadline).not.toContain(`Seq Scan on "Hold"`);
      // It reads the line's own holds (none yet), with 30,000 holds in the table.
      expect(maxActualRows(deadline)).toBeLessThanOrEqual(1);
    },
  );

  it("the listing rule (prisma/sql/catalog/catalog-listed.sql) is inlined: a supplier's grant is read through its unique key, only for another store's item", async () => {
    const supplier = await createTestStore(t.db);
    const resold = await createTestProduct(t.db, { storeId, ownerStoreId: supplier.id, stock: 10 });
    const own = await createTestProduct(t.db, { storeId, stock: 10 });
    const grantReads: Record<string, string[]> = {};
    for (const [name, p] of Object.entries({ resold, own })) {
      const plans = await nestedPlans(`SELECT * FROM cart_write_line_view($1, NULL, $2, $3, 'add', 1, 99, $4::timestamp(3))`, [
        storeId,
        newGuest(storeId).tokenHash,
        p.variantId,
        NOW.toISOString(),
      ]);
      // The sold-out fast path's lookup and cart_set_line's both ask it.
      const asking = plans.split(/\n(?=duration: )/).filter((b) => b.includes("FROM catalog_listed(v, i, p_store)"));
      expect(asking).toHaveLength(2);
      for (const plan of asking) {
        expect(plan).not.toContain("Function Scan");
        expect(plan).toContain(`"SupplierGrant_supplierStoreId_resellerStoreId_key"`);
      }
      grantReads[name] = asking.map((plan) => (plan.match(/Index (?:Only )?Scan using "SupplierGrant_supplierStoreId_resellerStoreId_key"[^\n]*/) ?? [""])[0]);
    }
    for (const read of grantReads.resold!) expect(read).toMatch(/actual time=[\d.]+\.\.[\d.]+ rows=1 loops=1/);
    for (const read of grantReads.own!) expect(read).toContain("never executed");
  });

  it("the sale rule (prisma/sql/catalog/catalog-sale-state.sql) is inlined: read off the product's own columns, never run as a statement of its own", async () => {
    const p = await createTestProduct(t.db, { storeId, stock: 10 });
    const plans = await nestedPlans(`SELECT * FROM cart_write_line_view($1, NULL, $2, $3, 'add', 1, 99, $4::timestamp(3))`, [
      storeId,
      newGuest(storeId).tokenHash,
      p.variantId,
      NOW.toISOString(),
    ]);
    const blocks = plans.split(/\n(?=duration: )/);
    // The sold-out fast path's lookup and cart_set_line's both ask it ...
    const asking = blocks.filter((b) => b.includes("catalog_sale_state(p, p_now)"));
    expect(asking).toHaveLength(2);
    // ... and its CASE is evaluated in their plans (the fast path filters on it), not as a nested statement.
    expect(asking[0]).toMatch(/Filter: .*CASE WHEN \(\(status <> 'ACTIVE'::"ProductStatus"\)/);
    expect(blocks.filter((b) => b.includes(`p.status <> 'ACTIVE' OR (p."endsAt"`))).toEqual([]);
  });

  it.each(["without statistics", "after ANALYZE"])(
    "the cart view sums an item's lapsed holds through the item's index, never through every lapsed hold (%s)",
    async (stats) => {
      if (stats === "after ANALYZE") await t.pool.query(`ANALYZE "Hold"`);
      const plans = await nestedPlans(`SELECT * FROM cart_view($1, NULL, $2, $3::timestamp(3))`, [storeId, shopper.tokenHash, NOW.toISOString()]);
      const view = planOf(plans, "LEFT JOIN LATERAL");
      expect(view).toContain(`"Hold_active_by_item"`);
      expect(view).not.toContain(`Seq Scan on "Hold"`);
      expect(view).not.toContain(`"Hold_status_expiresAt_idx"`);
      // No node reads more than the line's own item's 3,000 lapsed holds (what its availability is
      // computed from): never a walk of the 30,000 carts or active holds.
      expect(maxActualRows(view)).toBeLessThanOrEqual(3000);
      const cart = await getCartView({ db: t.db, now: NOW }, shopper);
      // The other item: 100,000 on the shelf; its 3,000 lapsed holds are available again.
      expect(cart.lines).toEqual([expect.objectContaining({ quantity: 1, held: 1, available: 100_000 })]);
      await assertInvariants(t.db);
    },
  );
});
