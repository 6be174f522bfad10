// `npm run test:faults`: the app under faults (database restarts, crashes, killed jobs, pool
// exhaustion, webhook floods), run against the production build and a private PostgreSQL
// cluster. Files run one at a time: they restart the cluster and load the machine.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    name: "faults",
    environment: "node",
    include: ["tests/faults/**/*.test.ts"],
    globalSetup: ["tests/faults/support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
