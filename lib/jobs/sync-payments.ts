// The payment-sync job: asks the provider about pending payments whose next check is due (the
// webhook may have been lost), applies a success or failure exactly once, otherwise backs off per
// payment (30 s, 1 min, 2 min … capped at 1 h), and gives up after 24 h: the provider-side payment
// is cancelled first, then the order is cancelled and its units released. Also retries refunds of
// late payments whose provider call failed.
import { isPastGiveUp, nextCheckAt } from "@/lib/payments/backoff";
import { outcomeOf, type ProviderPaymentStatus } from "@/lib/payments/payment-provider";
import { refundLatePayment, settlePayment } from "@/lib/payments/settle-payment";
import type { JobDeps } from "@/lib/jobs/run-cleanup";
import { deliverLowStockAlerts } from "@/lib/jobs/deliver-low-stock-alerts";
import { runJob, type JobSkipped } from "@/lib/jobs/run-job";
import { getLogger } from "@/lib/observability/logger";
import { recordPaymentEvent } from "@/lib/payments/record-payment-event";

export type SyncOptions = { dryRun?: boolean; budgetMs?: number; batchSize?: number };

export type SyncFigures = {
  job: "payment-sync";
  dryRun: boolean;
  checked: number;
  succeeded: number;
  failed: number;
  stillPending: number;
  gaveUp: number;
  /** Late payments refunded (units were gone). */
  refunded: number;
  /** Provider calls that failed (retried at the next check). */
  errors: number;
  done: boolean;
  durationMs: number;
};

/** A claimed payment is not picked up by another run for this long (if this run dies mid-way). */
const CLAIM_LEASE_MS = 5 * 60 * 1000;

type Due = { id: string; provider: string; providerRef: string; attempts: number; createdAt: Date };

export async function syncPayments(deps: JobDeps, options: SyncOptions = {}): Promise<SyncFigures | JobSkipped> {
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? 50;
  return runJob<SyncFigures>(deps, { job: "payment-sync", dryRun, budgetMs: options.budgetMs }, async (ctx) => {
    const f = { checked: 0, succeeded: 0, failed: 0, stillPending: 0, gaveUp: 0, refunded: 0, errors: 0, done: false };
    const now = deps.now.toISOString();
    const seen = new Set<string>();
    for (;;) {
      if (ctx.timeLeft() <= 0) break;
      // Claim a batch: due payments get a lease (nextCheckAt pushed out) in the same statement, so a
      // concurrent claimer (even without the job lock) never checks the same payment.
      const due: Due[] = dryRun
        ? await deps.db.$queryRaw`
            SELECT p.id, p.provider, p."providerRef", p.attempts, p."createdAt" FROM "Payment" p
            WHERE p.status = 'PENDING' AND p."nextCheckAt" <= ${now}::timestamp(3) AND NOT (p.id = ANY(${[...seen]}::text[]))
            ORDER BY p."nextCheckAt", p.id LIMIT ${batchSize}`
        : await deps.db.$queryRaw`
            UPDATE "Payment" p SET "nextCheckAt" = ${new Date(deps.now.getTime() + CLAIM_LEASE_MS).toISOString()}::timestamp(3)
            FROM (
              SELECT id FROM "Payment" WHERE status = 'PENDING' AND "nextCheckAt" <= ${now}::timestamp(3)
              ORDER BY "nextCheckAt", id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
            ) due
            WHERE p.id = due.id
            RETURNING p.id, p.provider, p."providerRef", p.attempts, p."createdAt"`;
      for (const p of due) {
        seen.add(p.id);
        f.checked += 1;
        await checkPayment(p);
      }
      if (due.length < batchSize) {
        f.done = true;
        break;
      }
    }
    if (!dryRun && ctx.timeLeft() > 0) f.refunded += await retryDueRefunds();
    if (!dryRun && ctx.timeLeft() > 0) {
      await deliverLowStockAlerts(deps, { webhookUrl: deps.alertWebhookUrl, deadline: ctx.deadline }, deps.fetch);
    }
    return { job: "payment-sync" as const, dryRun, ...f };

    async function checkPayment(p: Due): Promise<void> {
      const provider = deps.payments.get(p.provider);
      let status: ProviderPaymentStatus | null = null;
      if (provider) {
        try {
          status = await provider.getStatus(p.providerRef, deps.now);
        } catch (e) {
          getLogger().warn({ provider: p.provider, ref: p.providerRef, err: e }, "payment-sync: status query failed");
        }
      }
      if (status === null) {
        f.errors += 1;
        if (!dryRun) await recordPaymentEvent(deps, { provider: p.provider, ref: p.providerRef, source: "payment-sync", status: "unreachable", result: "RETRY_LATER" });
        return backOff(p);
      }
      let outcome = outcomeOf(status);
      if (!outcome && isPastGiveUp(p.createdAt, deps.now)) {
        // Give up: end the provider-side payment first, so a late payment cannot land.
        if (dryRun) {
          f.gaveUp += 1;
          return;
        }
        try {
          outcome = outcomeOf(await provider!.cancel(p.providerRef, deps.now));
        } catch (e) {
          getLogger().warn({ provider: p.provider, ref: p.providerRef, err: e }, "payment-sync: cancel failed");
          f.errors += 1;
          return backOff(p);
        }
        if (outcome && outcome !== "succeeded") {
          f.gaveUp += 1;
          if (!dryRun) await settle(p, outcome, "PAYMENT_TIMEOUT");
          return;
        }
      }
      if (!outcome) {
        f.stillPending += 1;
        if (!dryRun) await recordPaymentEvent(deps, { provider: p.provider, ref: p.providerRef, source: "payment-sync", status, result: "STILL_PENDING" });
        return backOff(p);
      }
      if (outcome === "succeeded") f.succeeded += 1;
      else f.failed += 1;
      if (!dryRun) await settle(p, outcome, outcome === "failed" ? "PAYMENT_FAILED" : "PAYMENT_TIMEOUT");
    }

    async function settle(p: Due, outcome: "succeeded" | "failed" | "expired", cancelReason: string) {
      const r = await settlePayment(deps, { provider: p.provider, ref: p.providerRef, outcome, cancelReason, source: "payment-sync" });
      if (r.code === "REFUND_NEEDED" && r.refunded) f.refunded += 1;
    }

    async function backOff(p: Due) {
      if (dryRun) return;
      await deps.db.payment.updateMany({
        where: { id: p.id, status: "PENDING" },
        data: { attempts: p.attempts + 1, lastCheckedAt: deps.now, nextCheckAt: nextCheckAt(deps.now, p.attempts + 1) },
      });
    }

    /** Succeeded payments of cancelled orders whose refund did not go through yet. */
    async function retryDueRefunds(): Promise<number> {
      const due = await deps.db.payment.findMany({
        where: { status: "SUCCEEDED", order: { status: "CANCELLED", cancelReason: "LATE_PAYMENT_REFUNDED" } },
        select: { provider: true, providerRef: true },
        take: batchSize,
      });
      let n = 0;
      for (const p of due) {
        if (ctx.timeLeft() <= 0) break;
        if (await refundLatePayment(deps, { provider: p.provider, ref: p.providerRef })) n += 1;
      }
      return n;
    }
  });
}
