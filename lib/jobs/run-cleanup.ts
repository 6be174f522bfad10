// The cleanup job (cron route and `npm run ops -- cleanup`): expires lapsed cart holds, settles
// orders past their payment deadline (cancelled only once the provider says they were not paid,
// after the provider-side payment is ended), reconciles counters (repair on request) and delivers
// low-stock alerts. Bounded batches, a time budget, an advisory lock, a JobRun row.
import { reconcileInventory, type InventoryDrift } from "@/lib/inventory/reconcile";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { settleOverdueOrders } from "@/lib/orders/settle-overdue-orders";
import { deliverLowStockAlerts } from "@/lib/jobs/deliver-low-stock-alerts";
import { runJob, type JobLockMode, type JobSkipped, type LockPool } from "@/lib/jobs/run-job";
import type { PaymentDeps } from "@/lib/payments/settle-payment";
import { runWebhookDelivery } from "@/lib/jobs/deliver-webhooks";
import { deliverWaitlistMail, type WaitlistMailDeps } from "@/lib/waitlist/deliver-waitlist-mail";
import { serveWaitingLines } from "@/lib/waitlist/serve-waiting-lines";
import { purgeExpiredIdempotencyRecords } from "@/lib/idempotency/run-idempotent";

export type JobDeps = PaymentDeps & {
  pool: LockPool;
  /** How the run's lock is held (lib/jobs/run-job.ts); default: an open transaction. */
  jobLock?: JobLockMode;
  alertWebhookUrl?: string | null;
  healthAlertThreshold?: number;
  fetch?: typeof fetch;
  /** WEBHOOKS_ALLOW_PRIVATE_TARGETS: store webhooks may reach private addresses (development). */
  allowPrivateTargets?: boolean;
  /** The waitlist's mail (docs/waitlist.md); absent: its outbox is left for a run that has it. */
  waitlistMail?: Omit<WaitlistMailDeps, "db" | "now">;
};

export type CleanupOptions = {
  dryRun?: boolean;
  repair?: boolean;
  budgetMs?: number;
  /** Lapsed holds per sweep transaction. */
  holdBatchSize?: number;
  /** Overdue orders per batch. */
  orderBatchSize?: number;
};

export type CleanupFigures = {
  job: "cleanup";
  dryRun: boolean;
  expiredHolds: number;
  releasedUnits: number;
  /** Sweep transactions taken (each at most holdBatchSize holds). */
  sweepBatches: number;
  /** Of those, taken at the yielding pace because other sessions were working (lib/inventory/sweep-lapsed-holds.ts). */
  sweepYieldedBatches: number;
  cancelledOrders: number;
  /** Orders past their deadline that the provider said were paid: PAID, not cancelled. */
  paidOrders: number;
  /** Overdue orders left for the next run (provider unreachable or still processing, or out of time). */
  pendingOrders: number;
  checkedItems: number;
  drift: number;
  repaired: number;
  alertsDelivered: number;
  /** Store webhooks (lib/jobs/deliver-webhooks.ts): events published, deliveries sent, events pruned after 30 days. */
  eventsPublished: number;
  webhooksDelivered: number;
  eventsPruned: number;
  /** Idempotency-Key records past their 24 h, deleted (a dry run counts none). */
  idempotencyKeysPurged?: number;
  /** Waitlist offers made by this run (lines of released drops), and offer mails sent. */
  waitlistOffers?: number;
  waitlistMailSent?: number;
  /** False when the budget ran out before everything was done. */
  done: boolean;
  /** The first 50 items that drifted (for --verbose and the JobRun row). */
  driftItems?: InventoryDrift[];
  durationMs: number;
};

export async function runCleanup(deps: JobDeps, options: CleanupOptions = {}): Promise<CleanupFigures | JobSkipped> {
  const dryRun = options.dryRun ?? false;
  return runJob<CleanupFigures>(deps, { job: "cleanup", dryRun, budgetMs: options.budgetMs }, async (ctx) => {
    // Asked to repair, reconcile (and repair) first: an item whose counter has drifted below its
    // holds would make the sweep's batch (or an order's release) hit the counters' CHECK and stop
    // the run before it reached the repair. Otherwise the check runs last and only reports.
    const repair = !dryRun && (options.repair ?? false);
    const repaired = repair ? await reconcileInventory(deps, { repair: true, reason: "cleanup repair" }) : null;
    // A failed sweep (an item drifted below its holds hits the counters' CHECK) must not keep
    // overdue orders from being settled: the rest runs, then the run fails with the sweep's error.
    let sweepError: unknown = null;
    const sweep = await sweepLapsedHolds(deps, { batchSize: options.holdBatchSize ?? 5000, deadline: ctx.deadline, dryRun }).catch((e: unknown) => {
      sweepError = e;
      return { expiredHolds: 0, releasedUnits: 0, batches: 0, done: false, yieldedBatches: 0 };
    });
    const orders = await settleOverdueOrders(deps, { dryRun, batchSize: options.orderBatchSize ?? 100, deadline: ctx.deadline });
    const outOfTime = ctx.timeLeft() <= 0;
    const reconcile = repaired ?? (outOfTime ? { checked: 0, drift: [], repaired: 0 } : await reconcileInventory(deps, { repair: false }));
    const alerts =
      dryRun || ctx.timeLeft() <= 0
        ? { delivered: 0, failed: 0 }
        : await deliverLowStockAlerts(deps, { webhookUrl: deps.alertWebhookUrl, deadline: ctx.deadline }, deps.fetch);
    const waitlistOffers = dryRun || ctx.timeLeft() <= 0 ? 0 : await serveWaitingLines(deps, { deadline: ctx.deadline });
    const mail =
      dryRun || !deps.waitlistMail || ctx.timeLeft() <= 0
        ? { sent: 0 }
        : await deliverWaitlistMail({ ...deps.waitlistMail, db: deps.db, now: deps.now }, { limit: 200, deadline: ctx.deadline });
    const webhooks =
      ctx.timeLeft() <= 0
        ? { published: 0, delivered: 0, prunedEvents: 0, done: false }
        : await runWebhookDelivery(deps, { deadline: ctx.deadline, dryRun, prune: true });
    // Keys past their 24 h answer nothing any more (a reuse replaces them); one set-based delete.
    const idempotencyKeysPurged = dryRun || ctx.timeLeft() <= 0 ? 0 : await purgeExpiredIdempotencyRecords(deps);
    if (sweepError) throw sweepError;
    return {
      job: "cleanup" as const,
      dryRun,
      expiredHolds: sweep.expiredHolds,
      releasedUnits: sweep.releasedUnits,
      sweepBatches: sweep.batches,
      sweepYieldedBatches: sweep.yieldedBatches ?? 0,
      cancelledOrders: orders.cancelled,
      paidOrders: orders.paid,
      pendingOrders: orders.pending,
      checkedItems: reconcile.checked,
      drift: reconcile.drift.length,
      repaired: reconcile.repaired,
      alertsDelivered: alerts.delivered,
      eventsPublished: webhooks.published,
      webhooksDelivered: webhooks.delivered,
      eventsPruned: webhooks.prunedEvents,
      idempotencyKeysPurged,
      waitlistOffers,
      waitlistMailSent: mail.sent,
      done: sweep.done && orders.done && !outOfTime && webhooks.done,
      driftItems: reconcile.drift.slice(0, 50),
    };
  });
}
