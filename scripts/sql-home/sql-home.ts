// The engine's SQL home (prisma/sql/**.sql, one file per function) compared with a database:
// every file is applied inside a transaction that is rolled back, into a scratch schema, and the
// functions it defines are compared with the database's own by pg_get_functiondef. This is how the
// db test proves the migrations bring a database to the files, and how `npm run db:sql-migration`
// finds what changed. Plain Node + pg: used by a script, a test and the bench.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";

export const SQL_HOME = path.join(import.meta.dirname, "..", "..", "prisma", "sql");

export type SqlFile = { file: string; sql: string };

/** Every .sql file under prisma/sql, in a stable order (folder, then name). */
export function readSqlHome(dir = SQL_HOME): SqlFile[] {
  const out: SqlFile[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".sql")) out.push({ file: path.relative(dir, p), sql: readFileSync(p, "utf8") });
    }
  };
  walk(dir);
  return out;
}

/** The text of one function's file, by function name (cart_write_line → cart/cart-write-line.sql). */
export function readFunctionFile(name: string, dir = SQL_HOME): string {
  const found = readSqlHome(dir).find((f) => path.basename(f.file, ".sql") === name.replace(/_/g, "-"));
  if (!found) throw new Error(`prisma/sql has no file for ${name}`);
  return found.sql;
}

export type FunctionDef = { signature: string; name: string; result: string; def: string };

const PROBE = "sql_home_probe";

const LIST = (schema: string) => `
  SELECT p.proname AS name,
         p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature,
         pg_get_function_result(p.oid) AS result,
         pg_get_functiondef(p.oid) AS def
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = '${schema}' AND p.prokind = 'f'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  ORDER BY 2`;

/** pg_get_functiondef names the schema: compare the rest. */
function normalise(def: string, schema: string): string {
  return def.replace(`FUNCTION ${schema}.`, "FUNCTION ").trim();
}

export type SqlHomeComparison = {
  /** Functions of the database and the files, by signature. */
  database: Map<string, FunctionDef>;
  files: Map<string, FunctionDef & { file: string }>;
  /** Files one of whose functions is missing from the database or differs from it. */
  changedFiles: string[];
  /** Database functions that no file defines. */
  withoutFile: FunctionDef[];
  /** Database functions a changed file defines with another result type (they must be dropped first). */
  resultChanged: FunctionDef[];
};

/** Compares the files with the functions of the database `client` is connected to. Changes nothing. */
export async function compareSqlHome(client: pg.ClientBase, files: SqlFile[] = readSqlHome()): Promise<SqlHomeComparison> {
  const database = new Map<string, FunctionDef>();
  const fromFiles = new Map<string, FunctionDef & { file: string }>();
  await client.query("BEGIN");
  try {
    for (const row of (await client.query<FunctionDef>(LIST("public"))).rows) {
      database.set(row.signature, { ...row, def: normalise(row.def, "public") });
    }
    await client.query(`CREATE SCHEMA ${PROBE}`);
    await client.query(`SET LOCAL search_path = ${PROBE}, public`);
    await client.query(`SET LOCAL check_function_bodies = off`);
    for (const { file, sql } of files) {
      const before = new Set((await client.query<FunctionDef>(LIST(PROBE))).rows.map((r) => r.signature));
      try {
        await client.query(sql);
      } catch (error) {
        throw new Error(`prisma/sql/${file}: ${(error as Error).message}`);
      }
      for (const row of (await client.query<FunctionDef>(LIST(PROBE))).rows) {
        if (before.has(row.signature)) continue;
        fromFiles.set(row.signature, { ...row, def: normalise(row.def, PROBE), file });
      }
    }
  } finally {
    await client.query("ROLLBACK");
  }
  const changed = new Set<string>();
  const resultChanged: FunctionDef[] = [];
  for (const [signature, f] of fromFiles) {
    const d = database.get(signature);
    if (!d || d.def !== f.def) changed.add(f.file);
    if (d && d.result !== f.result) resultChanged.push(d);
  }
  const withoutFile = [...database.values()].filter((d) => !fromFiles.has(d.signature));
  return { database, files: fromFiles, changedFiles: [...changed].sort(), withoutFile, resultChanged };
}

/** The migration that brings a database from `cmp` to the files: drops, then each changed file whole. */
export function migrationFor(cmp: SqlHomeComparison, files: SqlFile[] = readSqlHome()): string | null {
  const drops = [...cmp.withoutFile, ...cmp.resultChanged];
  if (drops.length === 0 && cmp.changedFiles.length === 0) return null;
  const parts = [
    "-- Generated by `npm run db:sql-migration` from prisma/sql (the engine's source): the files that\n" +
      "-- changed, applied whole. Edit the files, not this migration.",
  ];
  for (const d of drops) parts.push(`DROP FUNCTION ${d.signature};`);
  for (const file of cmp.changedFiles) {
    const f = files.find((x) => x.file === file);
    if (f) parts.push(`-- prisma/sql/${file}\n${f.sql.trim()}`);
  }
  return parts.join("\n\n") + "\n";
}
