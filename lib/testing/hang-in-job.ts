// For lib/jobs/job-lock.db.test.ts: `tsx lib/testing/hang-in-job.ts` (DATABASE_URL set) starts a
// cleanup run through runJob (the same lock as every cleanup run), prints "working" once it holds
// the lock, and never finishes: the test SIGKILLs it, like a serverless instance killed mid-run.
import { createDb, isPooledUrl } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { runJob } from "@/lib/jobs/run-job";

const env = getEnv();
const url = env.DATABASE_URL!;
const { db, pool } = createDb({ url, poolSize: 2, pooled: isPooledUrl(url, env.DATABASE_POOLER) });
await runJob({ db, now: new Date(), pool }, { job: "cleanup", dryRun: false, budgetMs: 60_000 }, async () => {
  process.stdout.write("working\n");
  await new Promise(() => {}); // until killed
  return {};
});
