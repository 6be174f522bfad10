// Test databases on a real PostgreSQL server: the global setup migrates a template database once
// (through the real migrations and the offline schema engine); each test file clones it.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { queryServer, withDatabase } from "@/lib/database-url";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/** A template per test run, so that two runs at once (two developers, CI) never share one. */
export function newTemplateName(): string {
  return `shop_test_template_${process.pid}_${randomBytes(3).toString("hex")}`;
}

/** The server to test against: TEST_DATABASE_URL, else DATABASE_URL, else the local server. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export function databaseUrl(name: string): string {
  return withDatabase(testServerUrl(), name);
}

/**
 * TEST_POOLER_URL: a transaction-mode pooler (PgBouncer, started by .ci/pgbouncer.sh) in front of
 * the test server. When set, every test database is used THROUGH it (created and dropped directly).
 */
export function poolerUrl(): string | null {
  return process.env.TEST_POOLER_URL || null;
}

function clientUrl(name: string): string {
  const pooler = poolerUrl();
  return pooler ? withDatabase(pooler, name) : databaseUrl(name);
}

export function adminQuery(sql: string): Promise<void> {
  return queryServer(testServerUrl(), sql);
}

/**
 * `url` is what the app would use (through the pooler when TEST_POOLER_URL is set); `directUrl` is
 * the database on the server itself, for sessions that must keep one server connection (a backend
 * pid to watch for lock waits: see lib/testing/sessions.ts).
 */
export type TestDb = { db: Db; pool: pg.Pool; url: string; directUrl: string; name: string; drop: () => Promise<void> };

/** A fresh, migrated, empty database for one test file. */
export async function createTestDb(options: { poolSize?: number } = {}): Promise<TestDb> {
  const name = `shop_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDb")}"`);
  const url = clientUrl(name);
  const { db, pool } = createDb({ url, poolSize: options.poolSize ?? 10, statementTimeoutMs: 60_000, pooled: poolerUrl() !== null });
  return {
    db,
    pool,
    url,
    directUrl: databaseUrl(name),
    name,
    drop: async () => {
      await db.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/**
 * The calling test file's database: created (createTestDb) before its tests and dropped after them.
 * The object is filled in by the file's beforeAll, so read `.db`, `.pool` inside tests and hooks.
 */
export function testDbForFile(options: { poolSize?: number } = {}): TestDb {
  const t = {} as TestDb;
  beforeAll(async () => {
    Object.assign(t, await createTestDb(options));
  });
  afterAll(async () => {
    await t.drop?.();
  });
  return t;
}
