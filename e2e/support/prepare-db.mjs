// (Re)creates the end-to-end database, migrates it exactly as production does and seeds it.
// Runs as the first half of Playwright's webServer command: Playwright starts the web server
// BEFORE globalSetup, so the database must be ready before `next start`, not in globalSetup.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { E2E_DATABASE_URL, E2E_DB_NAME, serverDatabaseUrl } from "./e2e-env.mjs";

const t0 = Date.now();
const admin = new pg.Client({ connectionString: serverDatabaseUrl("postgres") });
await admin.connect();
try {
  await admin.query(`DROP DATABASE IF EXISTS "${E2E_DB_NAME}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${E2E_DB_NAME}"`);
} finally {
  await admin.end();
}

const env = { ...process.env, DATABASE_URL: E2E_DATABASE_URL };
/** Runs a Node script quietly; on failure prints its whole output and stops. */
function run(args) {
  const r = spawnSync(process.execPath, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) {
    process.stderr.write(`[e2e] ${args.join(" ")} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}\n`);
    process.exit(1);
  }
  return r.stdout;
}
run(["node_modules/prisma/build/index.js", "migrate", "deploy"]);
if (existsSync("prisma/seed.ts")) run(["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]);
console.log(`[e2e] database ${E2E_DB_NAME} migrated and seeded in ${Date.now() - t0} ms`);
