// What a fault test file starts from: the run's cluster and a fresh database cloned from the
// migrated template, with a pool for checks.
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
