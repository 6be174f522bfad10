// Scenarios at the database level, through a plain `pg` pool (no HTTP): the engine's hot path,
// the common design of other platforms, a bucketed hot item, a spread load and the sweep.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import type { Db } from "@/lib/db";
import { CART_WRITE_SQL } from "@/lib/cart/set-cart-line";
import { MAX_LINE_QUANTITY } from "@/lib/cart/schemas";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { createSellables, type Sellable, type Store } from "./database";
import { runClosedLoop, Semaphore, type LoadResult, type Outcome } from "./load";

const newTokenHash = () => createHash("sha256").update(randomBytes(16)).digest("hex");

/**
 * What a hold sends to the database.
 * route: the statement the add-to-cart route sends per request (the database-only ceiling): the write
 *   and the cart read back in one round trip (lib/cart/set-cart-line.ts). Its rate limits cost no
 *   statement per request: a client's first request in a window is counted synchronously, the rest in
 *   a batch every 100 ms (lib/rate-limit/rate-limit-batcher.ts) — the HTTP scenarios' shoppers keep
 *   their address, so that is one statement per shopper, plus ten batched ones a second;
 * hold: the engine's hold function alone (cart_write_line: cart, line, hold, counter, ledger).
 */
export type HoldCall = "route" | "hold";

const HOLD_SQL = `SELECT code FROM cart_write_line($1, $2::text, $3::text, $4, $5, $6::int, $7::int, $8::timestamp(3))`;

/** One shopper's add-to-cart (a new cart every time), mapped to an outcome. */
export function addOneAtDb(pool: pg.Pool, store: Store, variantId: string, call: HoldCall = "route") {
  return async (_shopper: number): Promise<Outcome> => {
    const now = new Date().toISOString();
    const args = [store.id, null, newTokenHash(), variantId, "add", 1, MAX_LINE_QUANTITY, now];
    const { rows } = await pool.query<{ code: string }>(call === "route" ? CART_WRITE_SQL : HOLD_SQL, args);
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
  options: { clients: number; stock: number; maxDurationMs: number; gate?: number; call?: HoldCall; item?: Sellable },
): Promise<{ result: LoadResult; item: Sellable }> {
  const item = options.item ?? (await createSellables(pool, store, 1, options.stock, "hot"))[0];
  if (!item) throw new Error("no item");
  const add = addOneAtDb(pool, store, item.variantId, options.call);
  const gate = options.gate ? new Semaphore(options.gate) : undefined;
  const result = await runClosedLoop({
    clients: options.clients,
    maxDurationMs: options.maxDurationMs,
    op: (client) => (gate ? gate.run(() => add(client)) : add(client)),
  });
  return { result, item };
}

/**
 * Scenario 1b: the common design of other platforms, on the same tables and doing the same
 * shopper-visible work as cart_write_line (a new cart, its line, the hold), the way an ORM does it:
 * an interactive transaction that locks the item row, sums the item's unexpired holds, and inserts
 * if there is room — five round trips while the row is locked. No counter and no ledger (ours
 * writes both). `commit`: how its transaction commits (other platforms: synchronously).
 */
export async function runCommonDesign(
  pool: pg.Pool,
  store: Store,
  options: { clients: number; stock: number; maxDurationMs: number; commit: "sync" | "async" },
): Promise<{ result: LoadResult; oversold: number; held: number }> {
  const [item] = await createSellables(pool, store, 1, options.stock, "common");
  if (!item) throw new Error("no item");
  const op = async (): Promise<Outcome> => {
    const client = await pool.connect();
    try {
      const now = new Date().toISOString();
      await client.query("BEGIN");
      if (options.commit === "async") await client.query("SET LOCAL synchronous_commit = off");
      const locked = await client.query<{ stock: number }>(`SELECT stock FROM "InventoryItem" WHERE id = $1 FOR UPDATE`, [item.itemId]);
      const held = await client.query<{ held: number }>(
        `SELECT COALESCE(sum(quantity), 0)::int AS held FROM "Hold"
         WHERE "inventoryItemId" = $1 AND status = 'ACTIVE' AND "expiresAt" > $2::timestamp(3)`,
        [item.itemId, now],
      );
      if ((locked.rows[0]?.stock ?? 0) - (held.rows[0]?.held ?? 0) < 1) {
        await client.query("ROLLBACK");
        return { kind: "stop" };
      }
      const cart = await client.query<{ id: string }>(
        `INSERT INTO "Cart" (id, "storeId", "tokenHash", status, "createdAt", "updatedAt")
         VALUES (gen_random_uuid()::text, $1, $2, 'ACTIVE', $3::timestamp(3), $3::timestamp(3)) RETURNING id`,
        [store.id, newTokenHash(), now],
      );
      const cartId = cart.rows[0]?.id;
      await client.query(`INSERT INTO "CartLine" (id, "cartId", "variantId", quantity, "createdAt") VALUES (gen_random_uuid()::text, $1, $2, 1, $3::timestamp(3))`, [
        cartId,
        item.variantId,
        now,
      ]);
      await client.query(
        `INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
         VALUES (gen_random_uuid()::text, $1, $2, $3, $4, 1, 'ACTIVE', $5::timestamp(3) + interval '15 minutes', $5::timestamp(3), $5::timestamp(3))`,
        [store.id, item.itemId, item.variantId, cartId, now],
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
    `SELECT COALESCE(sum(quantity), 0)::int AS held FROM "Hold" WHERE "inventoryItemId" = $1 AND status = 'ACTIVE'`,
    [item.itemId],
  );
  const held = rows[0]?.held ?? 0;
  // Its holds never moved the item's counter (that design has none): gone before they lapse, or the
  // engine's sweep would find holds the books do not know (and the CHECK would refuse the sweep).
  // Their carts stay, emptied: deleting a cart makes its foreign key look for holds by cartId, which
  // no index serves (the product never deletes carts; 20261204100000_hold_index_trim).
  await pool.query(
    `WITH h AS (DELETE FROM "Hold" WHERE "inventoryItemId" = $1 RETURNING "cartId")
     DELETE FROM "CartLine" WHERE "cartId" IN (SELECT "cartId" FROM h)`,
    [item.itemId],
  );
  return { result, held, oversold: Math.max(0, held - options.stock) };
}

/** The bucket prototype: `buckets` rows share the item's units (1 = the one-row design). */
export async function runBucketedHotItem(
  pool: pg.Pool,
  options: { clients: number; stock: number; buckets: number; maxDurationMs: number; commit: "sync" | "async" },
): Promise<{ result: LoadResult; oversold: number; held: number }> {
  const itemId = `bucket_${randomBytes(4).toString("hex")}`;
  await pool.query(`INSERT INTO bench_scratch.bucket_item (id, buckets) VALUES ($1, $2)`, [itemId, options.buckets]);
  await pool.query(
    `INSERT INTO bench_scratch.item_bucket (item_id, bucket, stock)
     SELECT $1, b, ($2::int / $3::int) + CASE WHEN b < ($2::int % $3::int) THEN 1 ELSE 0 END FROM generate_series(0, $3::int - 1) b`,
    [itemId, options.stock, options.buckets],
  );
  const asyncCommit = options.commit === "async" ? `, set_config('synchronous_commit', 'off', true) AS _sc` : "";
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
      return add(client);
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
    `SELECT count(*) AS n FROM "Hold" h WHERE inv_is_lapsed(h, now()::timestamp(3))`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Expires every lapsed hold exactly as the cleanup job does: `sweepLapsedHolds` (lib/inventory),
 * i.e. `inv_sweep_lapsed` in batches of `batch`, one transaction each, through Prisma.
 */
export async function sweepWithJob(db: Db, batch: number): Promise<{ holds: number; batches: number; yieldedBatches: number }> {
  const r = await sweepLapsedHolds({ db, now: new Date() }, { batchSize: batch });
  return { holds: r.expiredHolds, batches: r.batches, yieldedBatches: r.yieldedBatches ?? 0 };
}

/**
 * The sweep's SQL through a plain pg pool, `shares` shares side by side (inv_sweep_lapsed's p_part of
 * p_parts, as lib/inventory/sweep-lapsed-holds.ts does it), batches of `batch`, one transaction each.
 */
export async function sweepWithSql(pool: pg.Pool, batch: number, shares: number): Promise<{ holds: number; batches: number }> {
  const now = new Date().toISOString();
  const one = async (part: number) => {
    let holds = 0;
    let batches = 0;
    for (;;) {
      const { rows } = await pool.query<{ holds: number }>(`SELECT holds FROM inv_sweep_lapsed($1::timestamp(3), $2, $3, $4)`, [now, batch, part, shares]);
      const n = rows[0]?.holds ?? 0;
      if (n > 0) batches++;
      holds += n;
      if (n < batch) return { holds, batches };
    }
  };
  const parts = await Promise.all(Array.from({ length: shares }, (_, part) => one(part)));
  return { holds: parts.reduce((a, p) => a + p.holds, 0), batches: parts.reduce((a, p) => a + p.batches, 0) };
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
    op: async (client) => {
      const r = await add(client);
      return r.kind === "stop" ? { kind: "ok" } : { kind: "error", label: r.kind === "ok" ? "GRANTED (oversold?)" : r.label };
    },
  });
}
