import "dotenv/config";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/env";

// Offline: Prisma's native schema engine is downloaded from the internet on first use, which is
// unreachable here. Use our wasm shim unless a real engine is supplied (see README, "Migrations").
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/schema-engine-wasm-shim.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  // `prisma generate` needs no database; migrate commands need DATABASE_URL (unset: the database of
  // a running quickstart, which keeps its URL in .data/database-url).
  datasource: { url: resolveDatabaseUrl() ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
