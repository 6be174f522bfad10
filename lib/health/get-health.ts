// The health report behind the admin dashboard, GET admin/health and `npm run ops -- health`: the
// jobs' last runs, lapsed holds not yet swept, counter drift, payments stuck pending, overdue orders,
// refunds owed, low stock; each failing check says what to do, and a 0–100 score sums it up.
import type { Db } from "@/lib/db";
import { measureInventoryDrift } from "@/lib/inventory/reconcile";

export type CheckStatus = "pass" | "warn" | "fail";
export type HealthCheck = { name: string; label: string; status: CheckStatus; value: number | null; hint: string | null };

export type JobRunSummary = {
  status: "OK" | "FAILED" | "SKIPPED";
  dryRun: boolean;
  startedAt: string;
  durationMs: number | null;
  figures: unknown;
  error: string | null;
};
export type JobHealth = {
  job: "cleanup" | "payment-sync";
  lastRun: JobRunSummary | null;
  lastSuccessAt: string | null;
  /** Never run (successfully) and the deployment is younger than a job interval: not a failure yet. */
  notYetRun: boolean;
  recent: JobRunSummary[];
};

export type Health = {
  score: number;
  status: "healthy" | "degraded" | "failing";
  checkedAt: string;
  checks: HealthCheck[];
  jobs: JobHealth[];
};

/** A job that has not run for this long is failing the check (Vercel Hobby runs crons daily). */
export const JOB_STALE_SECONDS = 26 * 60 * 60;
/** Lapsed holds older than this should have been swept. */
const LAPSED_GRACE_SECONDS = 15 * 60;
/** An order this far past its deadline should have been settled by the cleanup job. */
const OVERDUE_GRACE_SECONDS = 60 * 60;

const WEIGHT: Record<CheckStatus, number> = { pass: 0, warn: 10, fail: 25 };

type Counts = { lapsed: number; overdue: number; stuck: number; refunds: number; low: number };

/** storeId null: the whole deployment (the CLI without --store). */
export async function getHealth(deps: { db: Db; now: Date }, input: { storeId: string | null }): Promise<Health> {
  const now = deps.now.toISOString();
  const storeId = input.storeId;
  const [countsRows, drift, jobRuns, since] = await Promise.all([
    deps.db.$queryRaw<Counts[]>`
      SELECT
        (SELECT count(*) FROM "Hold" h JOIN "InventoryItem" i ON i.id = h."inventoryItemId"
         WHERE inv_is_lapsed(h, ${now}::timestamp(3) - make_interval(secs => ${LAPSED_GRACE_SECONDS}))
           AND (${storeId}::text IS NULL OR i."storeId" = ${storeId}::text OR h."storeId" = ${storeId}::text))::int AS lapsed,
        (SELECT count(*) FROM "Order" o
         WHERE o.status = 'PENDING_PAYMENT' AND o."paymentDeadline" <= ${now}::timestamp(3) - make_interval(secs => ${OVERDUE_GRACE_SECONDS})
           AND (${storeId}::text IS NULL OR o."storeId" = ${storeId}::text))::int AS overdue,
        (SELECT count(*) FROM "Payment" p JOIN "Order" o ON o.id = p."orderId"
         WHERE p.status = 'PENDING' AND (p."createdAt" <= ${now}::timestamp(3) - interval '24 hours'
             OR (o.status <> 'PENDING_PAYMENT') OR o."paymentDeadline" <= ${now}::timestamp(3) - make_interval(secs => ${OVERDUE_GRACE_SECONDS}))
           AND (${storeId}::text IS NULL OR o."storeId" = ${storeId}::text))::int AS stuck,
        (SELECT count(*) FROM "Payment" p JOIN "Order" o ON o.id = p."orderId"
         WHERE p.status = 'SUCCEEDED' AND o.status = 'CANCELLED'
           AND (${storeId}::text IS NULL OR o."storeId" = ${storeId}::text))::int AS refunds,
        (SELECT count(*) FROM "InventoryItem" i JOIN "Store" s ON s.id = i."storeId"
         WHERE i.stock - i.reserved <= COALESCE(i."lowStockThreshold", s."lowStockDefault")
           AND (${storeId}::text IS NULL OR i."storeId" = ${storeId}::text))::int AS low`,
    measureInventoryDrift(deps, { storeId }),
    Promise.all([jobHealth(deps.db, "cleanup"), jobHealth(deps.db, "payment-sync")]),
    // The deployment's (or the store's) first moment: a job is measured from there until it first runs.
    deps.db.store.aggregate({ _min: { createdAt: true }, where: storeId ? { id: storeId } : {} }),
  ]);
  const installedAt = since._min.createdAt ?? deps.now;
  const jobs = jobRuns.map((j) => ({
    ...j,
    notYetRun: j.lastSuccessAt === null && deps.now.getTime() - installedAt.getTime() <= JOB_STALE_SECONDS * 1000,
  }));
  const c = countsRows[0] ?? { lapsed: 0, overdue: 0, stuck: 0, refunds: 0, low: 0 };

  const checks: HealthCheck[] = [
    ...jobs.flatMap((j) => jobChecks(j, deps.now)),
    check("lapsed_holds", "Lapsed holds not yet swept", c.lapsed, c.lapsed > 0 ? "warn" : "pass",
      "Holds expired over 15 minutes ago are still ACTIVE (harmless to shoppers, but the books are untidy): run the cleanup job (`npm run ops -- cleanup`) or check that the cron is scheduled."),
    check("counter_drift", "Counters that disagree with holds or ledger", drift.drift.length, drift.drift.length > 0 ? "fail" : "pass",
      "Some stock/reserved counters do not match their holds or ledger: inspect with `npm run ops -- reconcile`, fix with `npm run ops -- reconcile --repair` (or GET /api/cron/cleanup?repair=1)."),
    check("payments_stuck", "Payments stuck pending", c.stuck, c.stuck > 0 ? "fail" : "pass",
      "Payments are still pending long after their order's deadline: check the provider's credentials and reachability, then run `npm run ops -- payment-sync --verbose`."),
    check("overdue_orders", "Orders past their payment deadline", c.overdue, c.overdue > 0 ? "warn" : "pass",
      "Orders are still awaiting payment over an hour after their deadline, keeping units reserved: run the cleanup job; if they stay, the provider may be unreachable."),
    check("refunds_pending", "Late payments awaiting refund", c.refunds, c.refunds > 0 ? "fail" : "pass",
      "A payment landed after its order was cancelled and the units were gone, and the refund has not gone through: check the provider, then run `npm run ops -- payment-sync`."),
    check("low_stock", "Items at or under their low-stock threshold", c.low, c.low > 0 ? "warn" : "pass",
      "Restock these items or lower their thresholds (Inventory, filter Low stock)."),
  ];
  const score = Math.max(0, 100 - checks.reduce((s, k) => s + WEIGHT[k.status], 0));
  const status = checks.some((k) => k.status === "fail") ? "failing" : checks.some((k) => k.status === "warn") ? "degraded" : "healthy";
  return { score, status, checkedAt: now, checks, jobs };
}

function check(name: string, label: string, value: number | null, status: CheckStatus, hint: string): HealthCheck {
  return { name, label, status, value, hint: status === "pass" ? null : hint };
}

function jobChecks(j: JobHealth, now: Date): HealthCheck[] {
  const cmd = j.job === "cleanup" ? "cleanup" : "payment-sync";
  const ageSeconds = j.lastSuccessAt ? Math.max(0, Math.round((now.getTime() - Date.parse(j.lastSuccessAt)) / 1000)) : null;
  const stale = ageSeconds === null || ageSeconds > JOB_STALE_SECONDS;
  const failed = j.lastRun?.status === "FAILED";
  if (j.notYetRun && !failed)
    return [
      {
        name: `${j.job}_recent`,
        label: `The ${j.job} job has not run yet`,
        status: "pass",
        value: null,
        hint: `Not yet run: this deployment is new. In-process jobs (JOBS_SCHEDULE=in-process) run within JOBS_INTERVAL_SECONDS; a cron calls GET /api/cron/${cmd}; or run \`npm run ops -- ${cmd}\`.`,
      },
      check(`${j.job}_last_result`, `Last ${j.job} run failed`, 0, "pass", ""),
    ];
  return [
    check(`${j.job}_recent`, `Seconds since the last ${j.job} run`, ageSeconds, stale ? "fail" : "pass",
      ageSeconds === null
        ? `The ${j.job} job has never run: schedule GET /api/cron/${cmd} (vercel.json) or a system cron running \`npm run ops -- ${cmd}\`.`
        : `The ${j.job} job has not run for over 26 hours: check the cron schedule and CRON_SECRET, or run \`npm run ops -- ${cmd}\`.`),
    check(`${j.job}_last_result`, `Last ${j.job} run failed`, failed ? 1 : 0, failed ? "fail" : "pass",
      `The last ${j.job} run failed (${j.lastRun?.error ?? "see JobRun"}): run \`npm run ops -- ${cmd} --verbose\` to see why.`),
  ];
}

async function jobHealth(db: Db, job: JobHealth["job"]): Promise<Omit<JobHealth, "notYetRun">> {
  const [recent, lastOk] = await Promise.all([
    db.jobRun.findMany({
      where: { job, status: { not: "SKIPPED" } },
      orderBy: { startedAt: "desc" },
      take: 10,
      select: { status: true, dryRun: true, startedAt: true, durationMs: true, figures: true, error: true },
    }),
    db.jobRun.findFirst({ where: { job, status: "OK", dryRun: false }, orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
  ]);
  const runs = recent.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() }));
  return { job, lastRun: runs.find((r) => !r.dryRun) ?? runs[0] ?? null, lastSuccessAt: lastOk?.startedAt.toISOString() ?? null, recent: runs };
}
