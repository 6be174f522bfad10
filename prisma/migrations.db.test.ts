// The migrations as production applies them (offline, through scripts/schema-engine-wasm-shim.mjs):
// they apply to an empty database, match schema.prisma (no drift), leave `migrate status` clean, and
// the invariants they add by hand (CHECK constraints, partial unique indexes) refuse bad rows.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminQuery, databaseUrl } from "@/lib/testing/test-db";

const CLI_TIMEOUT_MS = 180_000;
const name = `shop_migrations_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const url = databaseUrl(name);
let client: pg.Client;

type CliResult = { code: number; output: string };

/** Runs the Prisma CLI against the test database; resolves with its exit code and output. */
function prisma(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/prisma/build/index.js", ...args],
      { env: { ...process.env, DATABASE_URL: url }, timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

const migrationNames = readdirSync("prisma/migrations", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

async function sqlState(text: string, params: unknown[] = []): Promise<string | null> {
  try {
    await client.query(text, params);
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? "unknown";
  }
}

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${name}"`);
  client = new pg.Client({ connectionString: url });
  await client.connect();
}, 60_000);

afterAll(async () => {
  await client?.end().catch(() => {});
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("prisma migrations", () => {
  it("`migrate deploy` applies every migration to an empty database", async () => {
    const deploy = await prisma(["migrate", "deploy"]);
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.output).toContain("successfully applied");
    // The CLI can exit 0 when its engine dies (reference gotcha 2): check the database itself.
    const applied = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    expect(applied.rows.map((r) => r.migration_name)).toEqual(migrationNames);
  }, CLI_TIMEOUT_MS);

  it("`migrate status` is clean and a second deploy applies nothing", async () => {
    const status = await prisma(["migrate", "status"]);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date");
    const again = await prisma(["migrate", "deploy"]);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain("No pending migrations to apply");
  }, 2 * CLI_TIMEOUT_MS);

  it("the migrations produce exactly schema.prisma (no drift), and the check does catch drift", async () => {
    const fromMigrations = await prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"]);
    expect(fromMigrations.code, fromMigrations.output).toBe(0);
    expect(fromMigrations.output).toContain("No difference detected");

    const live = await prisma(["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"]);
    expect(live.code, live.output).toBe(0);

    // A schema with one extra column must be reported as a difference (exit code 2).
    const dir = mkdtempSync(path.join(os.tmpdir(), "schema-drift-"));
    try {
      const drifted = path.join(dir, "schema.prisma");
      copyFileSync("prisma/schema.prisma", drifted);
      const text = readFileSync(drifted, "utf8").replace(/model Store \{\n/, "model Store {\n  driftCheck String?\n");
      writeFileSync(drifted, text);
      const drift = await prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", drifted, "--exit-code"]);
      expect(drift.code, drift.output).toBe(2);
      expect(drift.output).toContain("driftCheck");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 3 * CLI_TIMEOUT_MS);

  it("the CHECK constraints, partial unique indexes and engine functions exist", async () => {
    const checks = await client.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE contype = 'c' ORDER BY conname`);
    expect(checks.rows.map((r) => r.conname)).toEqual(
      expect.arrayContaining([
        "InventoryItem_counters_check",
        "InventoryItem_threshold_check",
        "Hold_quantity_check",
        "Hold_owner_check",
        "CartLine_quantity_check",
        "OrderLine_quantity_check",
        "Variant_price_check",
        "Product_limit_check",
        "Store_settings_check",
      ]),
    );
    const indexes = await client.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`);
    const byName = new Map(indexes.rows.map((r) => [r.indexname, r.indexdef]));
    expect(byName.get("Hold_one_active_per_cart_variant")).toMatch(/UNIQUE.*WHERE/);
    expect(byName.get("Cart_one_active_per_user")).toMatch(/UNIQUE.*WHERE/);
    expect(byName.get("Hold_active_by_item")).toMatch(/WHERE/);
    const fns = await client.query<{ proname: string }>(`SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`);
    expect(fns.rows.map((r) => r.proname)).toEqual(expect.arrayContaining(["cart_set_line", "inv_adjust", "inv_ledger", "inv_reclaim_lapsed", "inv_sweep_lapsed"]));
  });

  it("the database refuses rows that break the invariants", async () => {
    await client.query(`INSERT INTO "Store" (id, slug, name, "updatedAt") VALUES ('s1', 'm-store', 'M', now())`);
    await client.query(`INSERT INTO "InventoryItem" (id, "storeId", sku, stock, reserved) VALUES ('i1', 's1', 'SKU-1', 5, 0)`);
    await client.query(`INSERT INTO "Product" (id, "storeId", slug, title) VALUES ('p1', 's1', 'p', 'P')`);
    await client.query(`INSERT INTO "Variant" (id, "storeId", "productId", "inventoryItemId", title, "priceCents") VALUES ('v1', 's1', 'p1', 'i1', 'V', 100)`);
    await client.query(`INSERT INTO "User" (id, email, "passwordHash") VALUES ('u1', 'm@example.test', 'x')`);
    await client.query(`INSERT INTO "Cart" (id, "storeId", "userId") VALUES ('c1', 's1', 'u1')`);

    // Counters: 0 <= reserved <= stock.
    expect(await sqlState(`UPDATE "InventoryItem" SET reserved = 6 WHERE id = 'i1'`)).toBe("23514");
    expect(await sqlState(`UPDATE "InventoryItem" SET reserved = -1 WHERE id = 'i1'`)).toBe("23514");
    expect(await sqlState(`UPDATE "InventoryItem" SET stock = -1 WHERE id = 'i1'`)).toBe("23514");
    expect(await sqlState(`UPDATE "InventoryItem" SET "lowStockThreshold" = -1 WHERE id = 'i1'`)).toBe("23514");
    expect(await sqlState(`UPDATE "InventoryItem" SET reserved = 5 WHERE id = 'i1'`)).toBeNull(); // the edge is allowed
    await client.query(`UPDATE "InventoryItem" SET reserved = 0 WHERE id = 'i1'`);

    // Quantities, prices, limits, store settings.
    const hold = (id: string, qty: number, cart: string | null, status = "ACTIVE", order: string | null = null) =>
      sqlState(
        `INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", "orderId", quantity, status, "expiresAt")
         VALUES ($1, 's1', 'i1', 'v1', $2, $3, $4, $5::"HoldStatus", now() + interval '15 minutes')`,
        [id, cart, order, qty, status],
      );
    expect(await hold("h0", 0, "c1")).toBe("23514");
    expect(await hold("h-", 1, null)).toBe("23514"); // a hold belongs to a cart or an order
    expect(await sqlState(`INSERT INTO "CartLine" (id, "cartId", "variantId", quantity) VALUES ('l1', 'c1', 'v1', 0)`)).toBe("23514");
    expect(await sqlState(`UPDATE "Variant" SET "priceCents" = -1 WHERE id = 'v1'`)).toBe("23514");
    expect(await sqlState(`UPDATE "Product" SET "perCustomerLimit" = 0 WHERE id = 'p1'`)).toBe("23514");
    expect(await sqlState(`UPDATE "Store" SET "reservationTtlSeconds" = 5 WHERE id = 's1'`)).toBe("23514");
    expect(await sqlState(`UPDATE "Store" SET "maxHoldExtensions" = -1 WHERE id = 's1'`)).toBe("23514");

    // At most one ACTIVE cart hold per (cart, variant); ended holds and order holds do not count.
    expect(await hold("h1", 1, "c1")).toBeNull();
    expect(await hold("h2", 1, "c1")).toBe("23505");
    expect(await hold("h3", 1, "c1", "RELEASED")).toBeNull();
    await client.query(`INSERT INTO "Order" (id, "storeId", "cartId", "totalCents", currency, "paymentDeadline") VALUES ('o1', 's1', 'c1', 100, 'USD', now())`);
    expect(await hold("h4", 1, "c1", "ACTIVE", "o1")).toBeNull();

    // One ACTIVE cart per user and store.
    expect(await sqlState(`INSERT INTO "Cart" (id, "storeId", "userId") VALUES ('c2', 's1', 'u1')`)).toBe("23505");
    expect(await sqlState(`INSERT INTO "Cart" (id, "storeId", "userId", status) VALUES ('c3', 's1', 'u1', 'MERGED')`)).toBeNull();
  });

  it("an item or a store with stock history cannot be deleted (the ledger has no foreign keys)", async () => {
    await client.query(`INSERT INTO "Store" (id, slug, name, "updatedAt") VALUES ('s9', 'm-store-9', 'M9', now())`);
    await client.query(`INSERT INTO "InventoryItem" (id, "storeId", sku, stock, reserved) VALUES ('i9', 's9', 'SKU-9', 5, 0), ('i10', 's9', 'SKU-10', 0, 0)`);
    await client.query(
      `INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "stockAfter", "reservedAfter", "actorType") VALUES ('s9', 'i9', 'ADJUST', 5, 5, 0, 'SYSTEM')`,
    );
    expect(await sqlState(`DELETE FROM "InventoryItem" WHERE id = 'i9'`)).toBe("23503");
    expect(await sqlState(`DELETE FROM "InventoryItem" WHERE id = 'i10'`)).toBeNull(); // no history: allowed
    await client.query(`UPDATE "StockMovement" SET "inventoryItemId" = 'gone' WHERE "inventoryItemId" = 'i9'`);
    await client.query(`DELETE FROM "InventoryItem" WHERE id = 'i9'`);
    expect(await sqlState(`DELETE FROM "Store" WHERE id = 's9'`)).toBe("23503");
  });
});
