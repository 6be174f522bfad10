// The one PrismaClient per process, on @prisma/adapter-pg with a bounded pg pool whose waits and
// statements time out (so an overloaded or unreachable database answers 503, never hangs).
// Nothing here needs a session of its own, so DATABASE_URL may be a transaction-mode pooler
// (PgBouncer, Supavisor, Neon's pooler): queries are unnamed (no prepared statements kept on a
// server connection), settings are per transaction (SET LOCAL / set_config(…, true)), advisory
// locks are transaction-scoped. Behind a pooler (DATABASE_POOLER=transaction, or ?pgbouncer=true in
// the URL) the statement timeout is not sent as a startup parameter (poolers refuse or drop it):
// set it on the database role instead (README, deployment).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/lib/env";

export type Db = PrismaClient;
export type { Prisma } from "@/generated/prisma/client";

export type DbOptions = {
  url: string;
  poolSize?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Behind a transaction-mode pooler: no session startup parameters. */
  pooled?: boolean;
};

/** True when `url` or the setting says the connection goes through a transaction-mode pooler. */
export function isPooledUrl(url: string, pooler?: "none" | "transaction"): boolean {
  if (pooler === "transaction") return true;
  try {
    return new URL(url).searchParams.get("pgbouncer") === "true";
  } catch {
    return false;
  }
}

export function createDb(options: DbOptions): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(options.pooled ? {} : { statement_timeout: options.statementTimeoutMs ?? 15_000 }),
    idleTimeoutMillis: 30_000,
  });
  // A broken idle connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  poolBeneath.set(db, pool);
  return { db, pool };
}

const poolBeneath = new WeakMap<Db, pg.Pool>();

/** PostgreSQL's timestamp(3) (no time zone) holds UTC, as Prisma reads it. */
function parseUtcTimestamp(value: string): Date {
  return new Date(`${value.replace(" ", "T")}Z`);
}

const utcTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMP ? parseUtcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * One parameterized statement on the pool beneath a client made by createDb, for the add-to-cart
 * hot path: Prisma's raw-query layer costs about 0.2 ms of CPU a call on top of the driver's
 * (measured with bench/, 64 shoppers). Rows come back as Prisma would give them for these columns
 * (text, integers, timestamps as UTC Dates).
 */
export async function queryRows<T>(db: Db, text: string, values: unknown[]): Promise<T[]> {
  const pool = poolBeneath.get(db);
  if (!pool) return db.$queryRawUnsafe<T[]>(text, ...values);
  const result = await pool.query({ text, values, types: utcTypes });
  return result.rows as T[];
}

const globalForDb = globalThis as unknown as { __shopDb?: { db: Db; pool: pg.Pool } };

function defaultDb() {
  if (!globalForDb.__shopDb) {
    const env = getEnv();
    if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set (use `npm run start:embedded` for the embedded database).");
    globalForDb.__shopDb = createDb({
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      pooled: isPooledUrl(env.DATABASE_URL, env.DATABASE_POOLER),
    });
  }
  return globalForDb.__shopDb;
}

/** The process-wide client (lazy: importing this module opens nothing). */
export function getDb(): Db {
  return defaultDb().db;
}

export function getPool(): pg.Pool {
  return defaultDb().pool;
}
