// Migrates a template database once per test run, with `prisma migrate deploy` exactly as
// production does (offline, through scripts/schema-engine-wasm-shim.mjs); each test file clones it.
import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { adminQuery, databaseUrl, newTemplateName } from "./test-db";

export default async function setup(project: TestProject) {
  const template = newTemplateName();
  await adminQuery(`CREATE DATABASE "${template}"`);
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl(template) },
    stdio: "pipe",
  });
  project.provide("templateDb", template);
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  };
}
