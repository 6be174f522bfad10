// Scenarios at the database level, through a plain `pg` pool (no HTTP): the engine's hot path,
// the common design of other platforms, a bucketed hot item, a spread load and the sweep.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import type { Db } from "@/lib/db";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { createSellables, type Sellable, type Store } from "./database";
import { runClosedLoop, Semaphore, type LoadResult, type Outcome } from "./load";

const newTokenHash = () => createHash("sha256").update(randomBytes(16)).digest("hex");

/**
 * How the hold statement is sent. plain: `SELECT * FROM cart_set_line(...)` as the app does today.
 * asyncCommit: the same statement with `set_config('synchronous_commit','off', true)` in it, so
 * that transaction (and only it) commits without waiting for the WAL flush.
 */
export type HoldCall = "plain" | "asyncCommit";

/**
 * The hold statement: the function the cart route calls (`cart_write_line`, which runs the
 * engine's `cart_set_line` in a savepoint so a refusal leaves nothing behind) when it exists,
 * else `cart_set_line` itself.
 */
export type HoldFunction = "cart_write_line" | "cart_set_line";

export async function detectHoldFunction(pool: pg.Pool): Promise<HoldFunction> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_proc WHERE proname = 'cart_write_line'`);
  return rows[0]?.n === "0" ? "cart_set_line" : "cart_write_line";
}

let holdFunction: HoldFunction = "cart_set_line";
export function selectHoldFunction(fn: HoldFunction) {
  holdFunction = fn;
}

export function cartSetLineSql(call: HoldCall, fn: HoldFunction = holdFunction): string {
  const base = `FROM ${fn}($1, NULL, $2, $3, 'add', 1, 99, $4::timestamp(3))`;
  return call === "asyncCommit"
    ? `SELECT r.code, r.available, set_config('synchronous_commit', 'off', true) AS _sc ${base} r`
    : `SELECT code, available ${base}`;
}

/** One shopper's add-to-cart (a new cart every time), mapped to an outcome. */
export function addOneAtDb(pool: pg.Pool, store: Store, variantId: string, call: HoldCall = "plain", fn?: HoldFunction) {
  const sql = cartSetLineSql(call, fn);
  return async (): Promise<Outcome> => {
    const { rows } = await pool.query<{ code: string }>(sql, [store.id, newTokenHash(), variantId, new Date().toISOString()]);
    const code = rows[0]?.code;
    if (code === "OK") return { kind: "ok" };
    if (code === "INSUFFICIENT_STOCK") return { kind: "stop", label: code };
    return { kind: "error", label: code ?? "no row" };
  };
}

/** Scenario 1a: `clients` shoppers add one unit each of one item until it sells out. */
export async function runHotItemAtDb(
  pool: pg.Pool,
  store: Store,
  options: { clients: number; stock: number; maxDurationMs: number; gate?: number; call?: HoldCall; fn?: HoldFunction; item?: Sellable },
): Promise<{ result: LoadResult; item: Sellable }> {
  const item = options.item ?? (await createSellables(pool, store, 1, options.stock, "hot"))[0];
  if (!item) throw new Error("no item");
  const add = addOneAtDb(pool, store, item.variantId, options.call, options.fn);
  const gate = options.gate ? new Semaphore(options.gate) : undefined;
  const result = await runClosedLoop({
    clients: options.clients,
    maxDurationMs: options.maxDurationMs,
    op: () => (gate ? gate.run(add) : add()),
  });
  return { result, item };
}

/** Scenario 1b: the common design, an interactive transaction: lock the item, sum holds, insert. */
export async function runCommonDesign(
  pool: pg.Pool,
  options: { clients: number; stock: number; maxDurationMs: number },
): Promise<{ result: LoadResult; oversold: number; held: number }> {
  const itemId = `common_${randomBytes(4).toString("hex")}`;
  await pool.query(`INSERT INTO bench_scratch.common_item (id, stock) VALUES ($1, $2)`, [itemId, options.stock]);
  const op = async (): Promise<Outcome> => {
    const client = await pool.connect();
    try {
      const now = new Date().toISOString();
      await client.query("BEGIN");
      const item = await client.query<{ stock: number }>(`SELECT stock FROM bench_scratch.common_item WHERE id = $1 FOR UPDATE`, [itemId]);
      const held = await client.query<{ held: number }>(
        `SELECT COALESCE(sum(quantity), 0)::int AS held FROM bench_scratch.common_hold
         WHERE item_id = $1 AND status = 'ACTIVE' AND expires_at > $2::timestamp(3)`,
        [itemId, now],
      );
      const stock = item.rows[0]?.stock ?? 0;
      if (stock - (held.rows[0]?.held ?? 0) < 1) {
        await client.query("ROLLBACK");
        return { kind: "stop" };
      }
      await client.query(
        `INSERT INTO bench_scratch.common_hold (item_id, cart_id, quantity, status, expires_at, created_at)
         VALUES ($1, $2, 1, 'ACTIVE', $3::timestamp(3) + interval '15 minutes', $3::timestamp(3))`,
        [itemId, newTokenHash(), now],
      );
      await client.query("COMMIT");
      return { kind: "ok" };
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  };
  const result = await runClosedLoop({ clients: options.clients, maxDurationMs: options.maxDurationMs, op });
  const { rows } = await pool.query<{ held: number }>(
    `SELECT COALESCE(sum(quantity), 0)::int AS held FROM bench_scratch.common_hold WHERE item_id = $1 AND status = 'ACTIVE'`,
    [itemId],
  );
  const held = rows[0]?.held ?? 0;
  return { result, held, oversold: Math.max(0, held - options.stock) };
}

/** The bucket prototype: `buckets` rows share the item's units (1 = the one-row design). */
export async function runBucketedHotItem(
  pool: pg.Pool,
  options: { clients: number; stock: number; buckets: number; maxDurationMs: number; call?: HoldCall },
): Promise<{ result: LoadResult; oversold: number; held: number }> {
  const itemId = `bucket_${randomBytes(4).toString("hex")}`;
  await pool.query(`INSERT INTO bench_scratch.bucket_item (id, buckets) VALUES ($1, $2)`, [itemId, options.buckets]);
  await pool.query(
    `INSERT INTO bench_scratch.item_bucket (item_id, bucket, stock)
     SELECT $1, b, ($2::int / $3::int) + CASE WHEN b < ($2::int % $3::int) THEN 1 ELSE 0 END FROM generate_series(0, $3::int - 1) b`,
    [itemId, options.stock, options.buckets],
  );
  const asyncCommit = options.call === "asyncCommit" ? `, set_config('synchronous_commit', 'off', true) AS _sc` : "";
  const sql = `SELECT r.ok${asyncCommit} FROM bench_scratch.bucket_hold($1, $2, 1, $3::timestamp(3)) r`;
  const op = async (): Promise<Outcome> => {
    const { rows } = await pool.query<{ ok: boolean }>(sql, [itemId, newTokenHash(), new Date().toISOString()]);
    return rows[0]?.ok ? { kind: "ok" } : { kind: "stop" };
  };
  const result = await runClosedLoop({ clients: options.clients, maxDurationMs: options.maxDurationMs, op });
  const { rows } = await pool.query<{ held: number; reserved: number; stock: number }>(
    `SELECT (SELECT COALESCE(sum(quantity), 0)::int FROM bench_scratch.bucket_hold WHERE item_id = $1 AND status = 'ACTIVE') AS held,
            (SELECT sum(reserved)::int FROM bench_scratch.item_bucket WHERE item_id = $1) AS reserved,
            (SELECT sum(stock)::int FROM bench_scratch.item_bucket WHERE item_id = $1) AS stock`,
    [itemId],
  );
  const r = rows[0] ?? { held: 0, reserved: 0, stock: 0 };
  return { result, held: r.held, oversold: Math.max(0, r.held - r.stock, r.reserved - r.stock, r.held !== r.reserved ? 1 : 0) };
}

/**
 * Spread: shopper i adds to item i % items.length, again and again (a new cart each time), for a
 * fixed time. Items have stock enough never to run out.
 */
export async function runSpreadAtDb(
  pool: pg.Pool,
  store: Store,
  items: Sellable[],
  options: { clients: number; durationMs: number; call?: HoldCall; stopSignal?: { stop: boolean } },
): Promise<LoadResult> {
  const adds = items.map((it) => addOneAtDb(pool, store, it.variantId, options.call));
  return runClosedLoop({
    clients: options.clients,
    maxDurationMs: options.durationMs,
    op: async (client) => {
      if (options.stopSignal?.stop) return { kind: "stop" };
      const add = adds[client % adds.length];
      if (!add) throw new Error("no item");
      return add();
    },
  });
}

export function loadScratchSql(): string {
  return readFileSync(path.join(import.meta.dirname, "..", "sql", "scratch.sql"), "utf8");
}

/**
 * Seeds `holds` lapsed cart holds over `items` items (one variant each, `holds / items` carts each
 * holding one unit of every item), with the counters matching, the way the engine would have left
 * them, plus one HOLD ledger row each.
 */
export async function seedLapsedHolds(
  pool: pg.Pool,
  store: Store,
  options: { holds: number; items: number; /** live, unexpired holds that take every unit: a sold-out item */ soldOut?: boolean },
): Promise<Sellable[]> {
  const perItem = Math.ceil(options.holds / options.items);
  const items = await createSellables(pool, store, options.items, options.soldOut ? perItem : perItem * 2, options.soldOut ? "soldout" : "lapsed");
  const tag = randomBytes(4).toString("hex");
  await pool.query(
    `INSERT INTO "Cart" (id, "storeId", "tokenHash", status, "createdAt", "updatedAt")
     SELECT 'cart_${tag}_' || g, $1, 'tok_${tag}_' || g, 'ACTIVE', now() - interval '1 hour', now() - interval '1 hour'
     FROM generate_series(1, $2::int) g`,
    [store.id, perItem],
  );
  await pool.query(
    `INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
     SELECT 'hold_${tag}_' || c || '_' || i.n, $1, i.item, i.variant, 'cart_${tag}_' || c, 1, 'ACTIVE',
       now() + $5::interval, now() - interval '45 minutes', now() - interval '45 minutes'
     FROM generate_series(1, $2::int) c
     CROSS JOIN (SELECT * FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS t(item, variant, n)) i`,
    [store.id, perItem, items.map((i) => i.itemId), items.map((i) => i.variantId), options.soldOut ? "10 minutes" : "-30 minutes"],
  );
  await pool.query(`UPDATE "InventoryItem" SET reserved = $2 WHERE id = ANY($1::text[])`, [items.map((i) => i.itemId), perItem]);
  await pool.query(
    `INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "holdId", "actorType", "createdAt")
     SELECT $1, h."inventoryItemId", 'HOLD', 0, 1, $3, 1, h.id, 'SHOPPER', h."createdAt" FROM "Hold" h WHERE h.id LIKE $2`,
    [store.id, `hold_${tag}_%`, options.soldOut ? perItem : perItem * 2],
  );
  await pool.query(`ANALYZE "Hold"; ANALYZE "InventoryItem"; ANALYZE "StockMovement"`);
  return items;
}

export async function countLapsed(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM "Hold" WHERE status = 'ACTIVE' AND "orderId" IS NULL AND "expiresAt" <= now()`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Expires every lapsed hold exactly as the cleanup job does: `sweepLapsedHolds` (lib/inventory),
 * i.e. `inv_sweep_lapsed` in batches of `batch`, one transaction each, through Prisma.
 */
export async function sweepWithJob(db: Db, batch: number): Promise<{ holds: number; batches: number }> {
  const r = await sweepLapsedHolds({ db, now: new Date() }, { batchSize: batch });
  return { holds: r.expiredHolds, batches: r.batches };
}

/** The same through a plain pg pool: `inv_sweep_lapsed` in batches of `batch`; one transaction each. */
export async function sweepWithSql(
  pool: pg.Pool,
  batch: number,
  fn: "inv_sweep_lapsed" | "bench_scratch.sweep_lapsed_per_item" = "inv_sweep_lapsed",
): Promise<{ holds: number; batches: number }> {
  let holds = 0;
  let batches = 0;
  for (;;) {
    const { rows } = await pool.query<{ holds: number }>(`SELECT holds FROM ${fn}($1::timestamp(3), $2)`, [
      new Date().toISOString(),
      batch,
    ]);
    const n = rows[0]?.holds ?? 0;
    batches++;
    holds += n;
    if (n < batch) return { holds, batches };
  }
}

/**
 * The sold-out storm: shoppers keep adding an item whose every unit is held. Each answer must be a
 * refusal (INSUFFICIENT_STOCK); counted as "ok" here, so okPerSec is refusals per second.
 */
export async function runSoldOutStormAtDb(pool: pg.Pool, store: Store, item: Sellable, options: { clients: number; durationMs: number }): Promise<LoadResult> {
  const add = addOneAtDb(pool, store, item.variantId);
  return runClosedLoop({
    clients: options.clients,
    maxDurationMs: options.durationMs,
    op: async () => {
      const r = await add();
      return r.kind === "stop" ? { kind: "ok" } : { kind: "error", label: r.kind === "ok" ? "GRANTED (oversold?)" : r.label };
    },
  });
}
