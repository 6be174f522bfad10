// What a fault test file starts from: the run's cluster and a fresh database cloned from the
// migrated template, with a pool for checks; and the waits a test uses instead of fixed sleeps.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { attachCluster, type Cluster } from "./cluster";

export type FaultDb = { cluster: Cluster; name: string; url: string; pool: pg.Pool; close(): Promise<void> };

export async function createFaultDb(): Promise<FaultDb> {
  const { port, dir } = inject("faultsCluster");
  const cluster = attachCluster(port, dir);
  const name = `faults_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await cluster.query("postgres", `CREATE DATABASE ${name} TEMPLATE faults_template`);
  const url = cluster.url(name);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => {});
  return { cluster, name, url, pool, close: () => pool.end() };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `condition` until it returns true (every `intervalMs`); throws, naming `what`, after
 * `timeoutMs`. A failing condition is retried (e.g. a query while the database restarts).
 */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown = null;
  for (;;) {
    try {
      if (await condition()) return;
      lastError = null;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/**
 * Waits until no server process is left for the connections of `applicationName` (a killed job's):
 * PostgreSQL does not notice a dead client while it executes its statement, so a batch in flight
 * at a SIGKILL still runs, and commits, after the kill. Counting before that would be counting a
 * moving target.
 */
export async function waitForBackendsGone(pool: pg.Pool, applicationName: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `the server processes of ${applicationName} to end`,
    async () => {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [applicationName]);
      return rows[0]!.n === 0;
    },
    { timeoutMs, intervalMs: 50 },
  );
}
