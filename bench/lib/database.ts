// The benchmark's own database: a fresh `shop_bench` migrated with `prisma migrate deploy`, and
// the rows each scenario needs, inserted set-based so seeding never dominates a run.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { queryServer, withDatabase } from "@/lib/database-url";

/** `shop_bench`; BENCH_DB_NAME names another (for side experiments while a run is going). */
export const BENCH_DB = process.env.BENCH_DB_NAME ?? "shop_bench";

export function serverUrl(): string {
  return process.env.BENCH_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export function databaseUrl(name: string): string {
  return withDatabase(serverUrl(), name);
}

function adminQuery(sql: string): Promise<void> {
  return queryServer(serverUrl(), sql);
}

/** Drops and recreates `shop_bench`, then applies every migration exactly as production does. */
export async function createBenchDatabase(): Promise<string> {
  await adminQuery(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${BENCH_DB}"`);
  const url = databaseUrl(BENCH_DB);
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_proc WHERE proname = 'cart_set_line'`);
    if (rows[0]?.n !== "1") throw new Error("migrate deploy did not create cart_set_line");
  } finally {
    await pool.end();
  }
  return url;
}

export async function dropBenchDatabase(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
}

/** A pg pool configured like lib/db.ts's (same timeouts), for the database-only scenarios. */
export function createPool(url: string, size: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    connectionTimeoutMillis: 30_000,
    statement_timeout: 60_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on("error", () => {});
  return pool;
}

export type Store = { id: string; slug: string };

export async function seedStore(pool: pg.Pool, slug = "bench"): Promise<Store> {
  const id = `store_${slug}`;
  await pool.query(
    `INSERT INTO "Store" (id, slug, name, "updatedAt") VALUES ($1, $2, $3, now()) ON CONFLICT (slug) DO NOTHING`,
    [id, slug, `Bench ${slug}`],
  );
  return { id, slug };
}

export type Sellable = { itemId: string; variantId: string; productId: string; slug: string };

/**
 * `count` products, each with one variant selling from its own inventory item of `stock` units.
 * Ids are fresh every call, so each run starts from clean rows.
 */
export async function createSellables(pool: pg.Pool, store: Store, count: number, stock: number, label: string): Promise<Sellable[]> {
  const tag = `${label}_${randomUUID().slice(0, 8)}`;
  const { rows } = await pool.query<{ item: string; variant: string; product: string; slug: string }>(
    `WITH n AS (SELECT g FROM generate_series(1, $3::int) g),
     items AS (
       INSERT INTO "InventoryItem" (id, "storeId", sku, stock, reserved, "updatedAt")
       SELECT 'it_' || $2 || '_' || g, $1, 'SKU-' || $2 || '-' || g, $4, 0, now() FROM n
       RETURNING id
     ), products AS (
       INSERT INTO "Product" (id, "storeId", slug, title, description, status, position)
       SELECT 'pr_' || $2 || '_' || g, $1, 'p-' || replace($2, '_', '-') || '-' || g, 'Bench product ' || g,
         'A product seeded by the benchmark.', 'ACTIVE', g FROM n
       RETURNING id, slug
     ), variants AS (
       INSERT INTO "Variant" (id, "storeId", "productId", "inventoryItemId", title, "priceCents", position)
       SELECT 'va_' || $2 || '_' || g, $1, 'pr_' || $2 || '_' || g, 'it_' || $2 || '_' || g, 'Default', 1000 + g, 0 FROM n
       RETURNING id, "productId", "inventoryItemId"
     )
     SELECT v."inventoryItemId" AS item, v.id AS variant, v."productId" AS product, p.slug
     FROM variants v JOIN products p ON p.id = v."productId"
     WHERE EXISTS (SELECT 1 FROM items)
     ORDER BY v.id`,
    [store.id, tag, count, stock],
  );
  return rows.map((r) => ({ itemId: r.item, variantId: r.variant, productId: r.product, slug: r.slug }));
}

export type ItemAudit = {
  stock: number;
  reserved: number;
  activeHeld: number;
  oversold: number;
  /** reserved = sum of ACTIVE holds (the engine's invariant). */
  consistent: boolean;
};

/** What the database says after a run: units held vs stock (oversold must be 0), counter vs holds. */
export async function auditItem(pool: pg.Pool, itemId: string): Promise<ItemAudit> {
  const { rows } = await pool.query<{ stock: number; reserved: number; held: number }>(
    `SELECT i.stock, i.reserved,
       COALESCE((SELECT sum(h.quantity) FROM "Hold" h WHERE h."inventoryItemId" = i.id AND h.status = 'ACTIVE'), 0)::int AS held
     FROM "InventoryItem" i WHERE i.id = $1`,
    [itemId],
  );
  const r = rows[0];
  if (!r) throw new Error(`no item ${itemId}`);
  return {
    stock: r.stock,
    reserved: r.reserved,
    activeHeld: r.held,
    oversold: Math.max(0, r.held - r.stock, r.reserved - r.stock),
    consistent: r.reserved === r.held,
  };
}

export async function serverSetting(pool: pg.Pool, name: string): Promise<string> {
  const { rows } = await pool.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name]);
  return rows[0]?.v ?? "";
}
