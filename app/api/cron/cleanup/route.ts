// GET /api/cron/cleanup (Vercel Cron, Bearer CRON_SECRET): expire lapsed holds, settle orders past
// their deadline, reconcile counters (?repair=1 fixes), ?dryRun=1 changes nothing.
import { getPool } from "@/lib/db";
import { cronRoute } from "@/lib/http/cron-route";
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { createJobDeps } from "@/lib/jobs/create-job-deps";
import { runCleanup } from "@/lib/jobs/run-cleanup";
import { cleanupQuerySchema } from "@/lib/jobs/schemas";

export const maxDuration = 60;

export const GET = cronRoute(async ({ req, deps }) => {
  const { dryRun, repair } = parseWith(cleanupQuerySchema, searchParamsOf(req));
  const result = await runCleanup(createJobDeps({ ...deps, pool: getPool() }), { dryRun, repair });
  if ("skipped" in result) return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  const { driftItems: _detail, ...figures } = result;
  return Response.json(figures, { headers: { "Cache-Control": "no-store" } });
});
