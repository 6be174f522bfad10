// Test data for end-to-end specs, written straight into the e2e database with SQL: each helper
// makes unique, store-scoped rows (and the opening ledger row for stock), so specs never collide.
import { createHash, randomBytes, randomInt } from "node:crypto";
import pg from "pg";
import { hashPassword } from "../../lib/users/password";
import { APP_URL, E2E_CRON_SECRET, E2E_DATABASE_URL } from "./e2e-env.mjs";

export { APP_URL, E2E_CRON_SECRET, E2E_DATABASE_URL };

let pool: pg.Pool | undefined;

function getPool(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: E2E_DATABASE_URL, max: 4, allowExitOnIdle: true });
  return pool;
}

/** Runs one statement on the e2e database and returns its rows. */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const result = await getPool().query<T>(text, params);
  return result.rows;
}

/** Closes the pool (optional: it also lets the process exit when idle). */
export async function closeSql(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.end();
}

/** A cuid-shaped id ("c" + 24 base-36 characters), like the ids Prisma generates. */
export function newId(): string {
  let s = "c";
  while (s.length < 25) s += randomInt(36).toString(36);
  return s;
}

function suffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

async function storeIdOf(slug: string): Promise<string> {
  const rows = await sql<{ id: string }>(`SELECT id FROM "Store" WHERE slug = $1`, [slug]);
  const row = rows[0];
  if (!row) throw new Error(`store "${slug}" does not exist in the e2e database (is it seeded?)`);
  return row.id;
}

export type CreateProductInput = {
  store?: string;
  stock: number;
  sku?: string;
  title?: string;
  variantTitle?: string;
  priceCents?: number;
  releaseAt?: Date | null;
  endsAt?: Date | null;
  perCustomerLimit?: number | null;
  lowStockThreshold?: number | null;
  status?: "ACTIVE" | "DRAFT" | "ARCHIVED";
};

export type CreatedProduct = { productId: string; variantId: string; itemId: string; sku: string; slug: string; storeId: string };

/** A product with one variant selling a new inventory item of `stock` units, with its opening ledger row. */
export async function createProduct(input: CreateProductInput): Promise<CreatedProduct> {
  const storeSlug = input.store ?? "demo";
  const storeId = await storeIdOf(storeSlug);
  const tag = suffix();
  const sku = input.sku ?? `E2E-${tag.toUpperCase()}`;
  const title = input.title ?? `E2E Product ${tag}`;
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}-${tag}`;
  const productId = newId();
  const variantId = newId();
  const itemId = newId();
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "InventoryItem" (id, "storeId", sku, stock, reserved, "lowStockThreshold") VALUES ($1, $2, $3, $4, 0, $5)`,
      [itemId, storeId, sku, input.stock, input.lowStockThreshold ?? null],
    );
    await client.query(
      `INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "actorType", "actorLabel", reason)
       VALUES ($1, $2, 'ADJUST', $3, 0, $3, 0, 'SYSTEM', 'e2e fixture', 'opening stock')`,
      [storeId, itemId, input.stock],
    );
    await client.query(
      `INSERT INTO "Product" (id, "storeId", slug, title, description, "imageUrl", status, "releaseAt", "endsAt", "perCustomerLimit", position)
       VALUES ($1, $2, $3, $4, $5, NULL, $6::"ProductStatus", $7, $8, $9, 1000)`,
      [productId, storeId, slug, title, `Made by an end-to-end test (${tag}).`, input.status ?? "ACTIVE", input.releaseAt ?? null, input.endsAt ?? null, input.perCustomerLimit ?? null],
    );
    await client.query(
      `INSERT INTO "Variant" (id, "storeId", "productId", "inventoryItemId", title, "priceCents", position) VALUES ($1, $2, $3, $4, $5, $6, 0)`,
      [variantId, storeId, productId, itemId, input.variantTitle ?? "One size", input.priceCents ?? 2500],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  return { productId, variantId, itemId, sku, slug, storeId };
}

export type ListResellerInput = { store?: string; itemId: string; title?: string; priceCents?: number };

/** A product in a reseller store (default `outlet`) whose variant sells another store's item: shared units. */
export async function listReseller(input: ListResellerInput): Promise<{ productId: string; variantId: string; slug: string; storeId: string }> {
  const storeId = await storeIdOf(input.store ?? "outlet");
  const tag = suffix();
  const title = input.title ?? `E2E Resold ${tag}`;
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}-${tag}`;
  const productId = newId();
  const variantId = newId();
  await sql(
    `WITH p AS (
       INSERT INTO "Product" (id, "storeId", slug, title, description, status, position)
       VALUES ($1, $2, $3, $4, 'Listed by an end-to-end test.', 'ACTIVE', 1000) RETURNING id
     )
     INSERT INTO "Variant" (id, "storeId", "productId", "inventoryItemId", title, "priceCents", position)
     SELECT $5, $2, p.id, $6, 'One size', $7, 0 FROM p`,
    [productId, storeId, slug, title, variantId, input.itemId, input.priceCents ?? 2200],
  );
  // Listing another store's item needs that store's grant (the seed grants demo → outlet already).
  await sql(
    `INSERT INTO "SupplierGrant" (id, "supplierStoreId", "resellerStoreId", since)
     SELECT $1, i."storeId", $2, now() FROM "InventoryItem" i WHERE i.id = $3 AND i."storeId" <> $2
     ON CONFLICT ("supplierStoreId", "resellerStoreId") DO NOTHING`,
    [newId(), storeId, input.itemId],
  );
  return { productId, variantId, slug, storeId };
}

export type CreateUserInput = { email?: string; password?: string; name?: string; store?: string; role?: "OWNER" | "ADMIN" };

/** A user who can sign in; with `store`, a member of that store (role ADMIN unless given). */
export async function createUser(input: CreateUserInput = {}): Promise<{ id: string; email: string; password: string }> {
  const email = (input.email ?? `e2e-${suffix()}@example.test`).toLowerCase();
  const password = input.password ?? `pw-${randomBytes(9).toString("base64url")}`;
  const id = newId();
  await sql(`INSERT INTO "User" (id, email, name, "passwordHash") VALUES ($1, $2, $3, $4)`, [id, email, input.name ?? "E2E User", await hashPassword(password)]);
  if (input.store) {
    const storeId = await storeIdOf(input.store);
    await sql(`INSERT INTO "Membership" (id, "userId", "storeId", role) VALUES ($1, $2, $3, $4::"Role")`, [newId(), id, storeId, input.role ?? "ADMIN"]);
  }
  return { id, email, password };
}

/** An admin API token for a store, in the format the admin API issues: `shop_` + 32 base64url characters. */
export async function createToken(input: { store: string; name?: string; createdById?: string }): Promise<{ token: string; id: string }> {
  const storeId = await storeIdOf(input.store);
  const token = `shop_${randomBytes(24).toString("base64url")}`;
  const id = newId();
  await sql(`INSERT INTO "ApiToken" (id, "storeId", name, "tokenHash", prefix, "createdById") VALUES ($1, $2, $3, $4, $5, $6)`, [
    id,
    storeId,
    input.name ?? "e2e token",
    createHash("sha256").update(token).digest("hex"),
    token.slice(0, 10),
    input.createdById ?? null,
  ]);
  return { token, id };
}

/** The item's counters as the database holds them. */
export async function itemCounters(itemId: string): Promise<{ stock: number; reserved: number }> {
  const rows = await sql<{ stock: number; reserved: number }>(`SELECT stock, reserved FROM "InventoryItem" WHERE id = $1`, [itemId]);
  const row = rows[0];
  if (!row) throw new Error(`inventory item ${itemId} does not exist`);
  return row;
}

type Drift = { id: string; sku: string; stock: number; reserved: number; held: number; ledgerStock: number; ledgerReserved: number };

/** Throws, listing every offender, if any item's counters disagree with its holds or its ledger. */
export async function checkInvariants(): Promise<void> {
  const drift = await sql<Drift>(
    `SELECT i.id, i.sku, i.stock, i.reserved,
            COALESCE(h.held, 0)::int AS held,
            COALESCE(m.s, 0)::int AS "ledgerStock",
            COALESCE(m.r, 0)::int AS "ledgerReserved"
     FROM "InventoryItem" i
     LEFT JOIN (SELECT "inventoryItemId", sum(quantity) AS held FROM "Hold" WHERE status = 'ACTIVE' GROUP BY 1) h ON h."inventoryItemId" = i.id
     LEFT JOIN (SELECT "inventoryItemId", sum("stockDelta") AS s, sum("reservedDelta") AS r FROM "StockMovement" GROUP BY 1) m ON m."inventoryItemId" = i.id
     WHERE i.reserved <> COALESCE(h.held, 0)
        OR i.stock <> COALESCE(m.s, 0)
        OR i.reserved <> COALESCE(m.r, 0)
        OR i.reserved < 0 OR i.reserved > i.stock
     ORDER BY i.sku`,
  );
  if (drift.length > 0) {
    const lines = drift.map(
      (d) => `  ${d.sku} (${d.id}): stock ${d.stock} (ledger ${d.ledgerStock}), reserved ${d.reserved} (ledger ${d.ledgerReserved}, active holds ${d.held})`,
    );
    throw new Error(`inventory invariants broken for ${drift.length} item(s):\n${lines.join("\n")}`);
  }
}
