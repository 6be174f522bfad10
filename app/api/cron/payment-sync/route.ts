// GET /api/cron/payment-sync (Vercel Cron, Bearer CRON_SECRET): ask the provider about pending
// payments that are due, with per-payment backoff; give up after 24 h. ?dryRun=1 changes nothing.
import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { isCronRequestAuthorized } from "@/lib/jobs/cron-auth";
import { createJobDeps } from "@/lib/jobs/create-job-deps";
import { paymentSyncQuerySchema } from "@/lib/jobs/schemas";
import { syncPayments } from "@/lib/jobs/sync-payments";

export const maxDuration = 60;

export const GET = route(async (req: Request) => {
  if (!isCronRequestAuthorized({ authorization: req.headers.get("authorization"), url: req.url, secret: getEnv().CRON_SECRET })) {
    throw new AppError("UNAUTHENTICATED", "A valid cron secret is required (Authorization: Bearer).");
  }
  const { dryRun } = parseWith(paymentSyncQuerySchema, searchParamsOf(req));
  const result = await syncPayments(createJobDeps({ db: getDb(), now: new Date(), pool: getPool() }), { dryRun });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
