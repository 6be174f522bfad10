// GET /api/cron/payment-sync (Vercel Cron, Bearer CRON_SECRET): ask the provider about pending
// payments that are due, with per-payment backoff; give up after 24 h. ?dryRun=1 changes nothing.
import { getPool } from "@/lib/db";
import { cronRoute } from "@/lib/http/cron-route";
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { createJobDeps } from "@/lib/jobs/create-job-deps";
import { paymentSyncQuerySchema } from "@/lib/jobs/schemas";
import { syncPayments } from "@/lib/jobs/sync-payments";

export const maxDuration = 60;

export const GET = cronRoute(async ({ req, deps }) => {
  const { dryRun } = parseWith(paymentSyncQuerySchema, searchParamsOf(req));
  const result = await syncPayments(createJobDeps({ ...deps, pool: getPool() }), { dryRun });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
