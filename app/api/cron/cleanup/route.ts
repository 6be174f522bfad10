// GET /api/cron/cleanup (Vercel Cron, Bearer CRON_SECRET): expire lapsed holds, settle orders past
// their deadline, reconcile counters (?repair=1 fixes), ?dryRun=1 changes nothing.
import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { isCronRequestAuthorized } from "@/lib/jobs/cron-auth";
import { createJobDeps } from "@/lib/jobs/create-job-deps";
import { runCleanup } from "@/lib/jobs/run-cleanup";
import { cleanupQuerySchema } from "@/lib/jobs/schemas";

export const maxDuration = 60;

export const GET = route(async (req: Request) => {
  if (!isCronRequestAuthorized({ authorization: req.headers.get("authorization"), url: req.url, secret: getEnv().CRON_SECRET })) {
    throw new AppError("UNAUTHENTICATED", "A valid cron secret is required (Authorization: Bearer).");
  }
  const { dryRun, repair } = parseWith(cleanupQuerySchema, searchParamsOf(req));
  const result = await runCleanup(createJobDeps({ db: getDb(), now: new Date(), pool: getPool() }), { dryRun, repair });
  if ("skipped" in result) return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  const { driftItems: _detail, ...figures } = result;
  return Response.json(figures, { headers: { "Cache-Control": "no-store" } });
});
