// The engine's source is prisma/sql: a database migrated with prisma/migrations must have exactly
// the functions the files define, each as the file defines it (pg_get_functiondef of both), and no
// function without a file. When this fails: `npm run db:sql-migration -- --name <what_changed>`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareSqlHome, migrationFor, readSqlHome, type SqlHomeComparison } from "@/scripts/sql-home/sql-home";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";

let t: TestDb;
let cmp: SqlHomeComparison;
beforeAll(async () => {
  t = await createTestDb({ poolSize: 1 });
  const client = await t.pool.connect();
  try {
    cmp = await compareSqlHome(client);
  } finally {
    client.release();
  }
});
afterAll(() => t.drop());

describe("prisma/sql, the engine's source", () => {
  it("defines every function of a migrated database, each exactly as the database has it", () => {
    expect(cmp.withoutFile.map((f) => f.signature)).toEqual([]);
    expect(cmp.changedFiles).toEqual([]);
    expect(migrationFor(cmp)).toBeNull();
    expect(cmp.files.size).toBe(cmp.database.size);
  });

  it("notices a file that differs from the database, and one the database lacks", async () => {
    const files = readSqlHome();
    const edited = files.map((f) =>
      f.file === "cart/cart-extend.sql" ? { ...f, sql: f.sql.replace("extensions_left := 0; RETURN; END IF;", "extensions_left := 0; RETURN; END IF; -- edited") } : f,
    );
    edited.push({ file: "misc/new-fn.sql", sql: "CREATE OR REPLACE FUNCTION new_fn() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;" });
    const client = await t.pool.connect();
    try {
      const other = await compareSqlHome(client, edited);
      expect(other.changedFiles).toEqual(["cart/cart-extend.sql", "misc/new-fn.sql"]);
      expect(migrationFor(other, edited)).toContain("-- prisma/sql/cart/cart-extend.sql");
      const without = await compareSqlHome(client, files.filter((f) => f.file !== "cart/cart-clear.sql"));
      expect(without.withoutFile.map((f) => f.name)).toEqual(["cart_clear"]);
      expect(migrationFor(without, files)).toContain("DROP FUNCTION cart_clear(p_cart text, p_now timestamp without time zone);");
    } finally {
      client.release();
    }
  });
});
