// One private PostgreSQL cluster for the whole fault run (on FAULTS_PG_PORT, else a free port), with a
// template database migrated exactly as production is (`prisma migrate deploy`); each test file
// clones the template. The cluster is stopped and deleted at the end.
import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { createCluster } from "./cluster";
import { distDir, freePort } from "./app";

declare module "vitest" {
  export interface ProvidedContext {
    faultsCluster: { port: number; dir: string };
  }
}

export const TEMPLATE = "faults_template";

export default async function setup(project: TestProject) {
  distDir(); // fail fast, with a clear message, when there is no build to test
  const port = process.env.FAULTS_PG_PORT ? Number(process.env.FAULTS_PG_PORT) : await freePort();
  const cluster = createCluster(port);
  try {
    await cluster.query("postgres", `CREATE DATABASE ${TEMPLATE}`);
    execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: cluster.url(TEMPLATE) },
      stdio: "pipe",
    });
  } catch (e) {
    cluster.destroy();
    throw e;
  }
  project.provide("faultsCluster", { port, dir: cluster.dir });
  return async () => {
    cluster.destroy();
  };
}
