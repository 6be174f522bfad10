// After each job run: alerts to ALERT_WEBHOOK_URL when the health score falls below its threshold
// (once per crossing; a note when it recovers), when a job fails twice in a row (once per streak),
// when counter drift is found, and a daily digest of low-stock items. What was announced is kept
// in AlertState, so this holds across serverless invocations; a post that fails is retried next run.
import type { Db } from "@/lib/db";
import { countStreak, claimDailySlot, switchAlertState } from "@/lib/alerts/alert-state";
import {
  counterDriftMessage,
  healthBelowMessage,
  healthRecoveredMessage,
  jobFailingMessage,
  lowStockDigestMessage,
  type DriftFigures,
} from "@/lib/alerts/alert-messages";
import { listLowStockItems } from "@/lib/alerts/list-low-stock-items";
import { postAlert, type Alert, type AlertKind } from "@/lib/alerts/post-alert";
import { getHealth } from "@/lib/health/get-health";
import { getLogger } from "@/lib/observability/logger";

export type AlertDeps = {
  db: Db;
  now: Date;
  alertWebhookUrl?: string | null;
  /** Alert when the health score is below this (HEALTH_ALERT_THRESHOLD). */
  healthAlertThreshold?: number;
  fetch?: typeof fetch;
};

export type FinishedJobRun = {
  job: "cleanup" | "payment-sync";
  status: "OK" | "FAILED";
  dryRun: boolean;
  figures?: object | null;
  error?: string | null;
};

export type AlertReport = { sent: AlertKind[]; failed: AlertKind[] };

export const DEFAULT_HEALTH_ALERT_THRESHOLD = 80;
/** Items listed by name in one digest (the rest are counted). */
const DIGEST_ITEMS = 50;

export async function evaluateAlerts(deps: AlertDeps, input: { run: FinishedJobRun }): Promise<AlertReport> {
  const report: AlertReport = { sent: [], failed: [] };
  const url = deps.alertWebhookUrl;
  if (!url) return report;
  const send = async (alert: Alert): Promise<boolean> => {
    const ok = await postAlert(url, alert, deps.fetch);
    (ok ? report.sent : report.failed).push(alert.kind);
    return ok;
  };
  // Each rule on its own: one failing must not silence the others.
  const rules: [string, () => Promise<void>][] = [
    ["job_failing", () => alertOnFailureStreak(deps, input.run, send)],
    ["counter_drift", () => alertOnDrift(deps, input.run, send)],
    ["health", () => alertOnHealth(deps, send)],
    ["low_stock_digest", () => sendLowStockDigest(deps, send)],
  ];
  for (const [name, rule] of rules) {
    try {
      await rule();
    } catch (e) {
      getLogger().warn({ rule: name, err: e }, "alert rule could not be evaluated");
    }
  }
  return report;
}

type Send = (alert: Alert) => Promise<boolean>;

async function alertOnFailureStreak(deps: AlertDeps, run: FinishedJobRun, send: Send) {
  const key = `job_failing:${run.job}`;
  const { streak, active } = await countStreak(deps.db, key, run.status === "FAILED", deps.now);
  if (run.status !== "FAILED" || streak < 2 || active) return;
  if (!(await switchAlertState(deps.db, key, true, deps.now))) return;
  if (!(await send(jobFailingMessage(run.job, streak, run.error)))) await switchAlertState(deps.db, key, false, deps.now);
}

function driftOf(run: FinishedJobRun): (DriftFigures & { checked: number }) | null {
  const f = run.figures as { drift?: unknown; repaired?: unknown; checkedItems?: unknown; driftItems?: unknown } | null | undefined;
  if (run.job !== "cleanup" || run.status !== "OK" || typeof f?.drift !== "number") return null;
  const items = Array.isArray(f.driftItems) ? (f.driftItems as { storeSlug: string; sku: string }[]) : [];
  return {
    drift: f.drift,
    repaired: typeof f.repaired === "number" ? f.repaired : 0,
    checked: typeof f.checkedItems === "number" ? f.checkedItems : 0,
    items: items.map((i) => ({ storeSlug: String(i.storeSlug), sku: String(i.sku) })),
  };
}

async function alertOnDrift(deps: AlertDeps, run: FinishedJobRun, send: Send) {
  const d = driftOf(run);
  if (!d) return;
  const key = "counter_drift";
  if (d.drift === 0) {
    // Only a run that actually reconciled (not one out of time) says the books are clean again.
    if (d.checked > 0) await switchAlertState(deps.db, key, false, deps.now);
    return;
  }
  if (d.drift - d.repaired <= 0) {
    // Found and fixed in this run: say so once, nothing stays open.
    await switchAlertState(deps.db, key, false, deps.now);
    await send(counterDriftMessage(d));
    return;
  }
  if (!(await switchAlertState(deps.db, key, true, deps.now))) return;
  if (!(await send(counterDriftMessage(d)))) await switchAlertState(deps.db, key, false, deps.now);
}

async function alertOnHealth(deps: AlertDeps, send: Send) {
  const threshold = deps.healthAlertThreshold ?? DEFAULT_HEALTH_ALERT_THRESHOLD;
  const health = await getHealth(deps, { storeId: null });
  const below = health.score < threshold;
  if (!(await switchAlertState(deps.db, "health_below", below, deps.now))) return;
  if (below) {
    if (!(await send(healthBelowMessage(health, threshold)))) await switchAlertState(deps.db, "health_below", false, deps.now);
  } else {
    await send(healthRecoveredMessage(health, threshold));
  }
}

async function sendLowStockDigest(deps: AlertDeps, send: Send) {
  const { items, total } = await listLowStockItems(deps, { limit: DIGEST_ITEMS });
  if (total === 0) return;
  const slot = await claimDailySlot(deps.db, "low_stock_digest", deps.now);
  if (!slot.claimed) return;
  if (!(await send(lowStockDigestMessage(deps.now.toISOString().slice(0, 10), items, total)))) await slot.release();
}
