// Migrates the template database once per test run, with `prisma migrate deploy` exactly as
// production does (offline, through scripts/schema-engine-wasm-shim.mjs).
import { execFileSync } from "node:child_process";
import { adminQuery, databaseUrl, TEMPLATE_DB } from "./test-db";

export default async function setup() {
  await adminQuery(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${TEMPLATE_DB}"`);
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl(TEMPLATE_DB) },
    stdio: "pipe",
  });
}
