// `npm run db:sql-migration -- --name <what_changed>`: writes the migration that brings a database to
// the engine's source in prisma/sql. It migrates a scratch database with the existing migrations
// (prisma migrate deploy, offline), compares every function with the files (scripts/sql-home), and
// writes prisma/migrations/<timestamp>_<name>/migration.sql with the files that differ (whole) and
// a DROP for each function no file defines any more (`--stamp` sets the folder's timestamp). `--check` writes nothing and exits 1 when a
// migration is due. Server: TEST_DATABASE_URL, else DATABASE_URL, else the local PostgreSQL.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { withDatabase } from "@/lib/database-url";
import { compareSqlHome, migrationFor } from "./sql-home/sql-home";

const { values } = parseArgs({ options: { name: { type: "string" }, stamp: { type: "string" }, check: { type: "boolean", default: false } } });
if ((!values.check && !/^[a-z0-9_]{1,60}$/.test(values.name ?? "")) || (values.stamp !== undefined && !/^\d{14}$/.test(values.stamp))) {
  console.error("usage: npm run db:sql-migration -- --name <snake_case_name> [--stamp YYYYMMDDHHMMSS] | --check");
  process.exit(2);
}

const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const urlOf = (db: string) => withDatabase(server, db);
const scratch = `shop_sql_home_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: urlOf("postgres") });
await admin.connect();
await admin.query(`CREATE DATABASE "${scratch}"`);
let status = 0;
try {
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: urlOf(scratch) },
    stdio: "pipe",
  });
  const client = new pg.Client({ connectionString: urlOf(scratch) });
  await client.connect();
  const cmp = await compareSqlHome(client).finally(() => client.end());
  const sql = migrationFor(cmp);
  if (!sql) {
    console.log("prisma/sql and the migrations agree: no migration needed");
  } else if (values.check) {
    console.log(`a migration is due: ${[...cmp.changedFiles, ...cmp.withoutFile.map((f) => `drop ${f.signature}`)].join(", ")}`);
    status = 1;
  } else {
    const stamp = values.stamp ?? new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma", "migrations", `${stamp}_${values.name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`wrote ${dir}/migration.sql (${cmp.changedFiles.length} file(s), ${cmp.withoutFile.length + cmp.resultChanged.length} drop(s))`);
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  await admin.end();
}
process.exit(status);
