// A job run at a chosen time, for fault tests: `tsx tests/faults/support/run-job.ts <cleanup |
// payment-sync> [--later-ms N] [--hold-batch-size N]` runs the same domain function as the cron
// route and the ops CLI, with the clock moved N ms ahead (the "next run" after a killed run's claim
// lease has passed), and cleanup's sweep in batches of N holds (many batches: a kill lands mid-way).
// Prints the run's figures as JSON.
import { parseArgs } from "node:util";
import pg from "pg";
import { createDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createJobDeps } from "@/lib/jobs/create-job-deps";
import { runCleanup } from "@/lib/jobs/run-cleanup";
import { syncPayments } from "@/lib/jobs/sync-payments";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { "later-ms": { type: "string" }, "hold-batch-size": { type: "string" } } });
const job = positionals[0];
const now = new Date(Date.now() + Number(values["later-ms"] ?? 0));
const url = getEnv().DATABASE_URL!;
const { db, pool } = createDb({ url, poolSize: 4 });
const lockPool = new pg.Pool({ connectionString: url, max: 1 });
lockPool.on("error", () => {});
try {
  const deps = createJobDeps({ db, now, pool: lockPool });
  const holdBatchSize = values["hold-batch-size"] ? Number(values["hold-batch-size"]) : undefined;
  const result = job === "cleanup" ? await runCleanup(deps, { holdBatchSize }) : job === "payment-sync" ? await syncPayments(deps, {}) : null;
  if (!result) throw new Error(`unknown job ${job}`);
  console.log(JSON.stringify(result));
} finally {
  await db.$disconnect();
  await pool.end();
  await lockPool.end();
}
