// The jobs' commands (cleanup, payment-sync, health): the same domain functions as the cron routes
// and the admin health route. Each entry follows OpsCommand (scripts/ops/types.ts).
import pg from "pg";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getHealth } from "@/lib/health/get-health";
import { createJobDeps } from "@/lib/jobs/create-job-deps";
import { runCleanup } from "@/lib/jobs/run-cleanup";
import type { JobSkipped } from "@/lib/jobs/run-job";
import { syncPayments } from "@/lib/jobs/sync-payments";
import { findStoreBySlug } from "@/lib/stores/get-store";
import { optionalString, type OpsCommand, type OpsContext } from "./types";

/** The jobs' advisory lock needs a connection of its own for the run (the CLI's pool is small). */
async function withJobDeps<T>(ctx: OpsContext, fn: (deps: ReturnType<typeof createJobDeps>) => Promise<T>): Promise<T> {
  const lockPool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: 1 });
  lockPool.on("error", () => {});
  try {
    return await fn(createJobDeps({ ...ctx.deps, pool: lockPool }));
  } finally {
    await lockPool.end().catch(() => {});
  }
}

function skipped(job: string, r: JobSkipped) {
  return { ok: true, summary: `${job}: skipped, another run holds the lock`, figures: { ...r } };
}

export const cleanup: OpsCommand = {
  usage: "cleanup [--dry-run] [--repair] [--verbose]",
  description: "expires lapsed holds, settles orders past their deadline, reconciles counters (--repair fixes)",
  options: { "dry-run": { type: "boolean" }, repair: { type: "boolean" } },
  async run(ctx, values) {
    const dryRun = values["dry-run"] === true;
    const r = await withJobDeps(ctx, (deps) => runCleanup(deps, { dryRun, repair: values.repair === true }));
    if ("skipped" in r) return skipped("cleanup", r);
    const { driftItems, ...figures } = r;
    const would = dryRun ? " (dry run, nothing changed)" : "";
    const unrepaired = r.drift - r.repaired;
    return {
      ok: unrepaired === 0 || dryRun,
      summary:
        `cleanup${would}: ${r.expiredHolds} lapsed holds expired (${r.releasedUnits} units), ` +
        `${r.cancelledOrders} overdue orders cancelled, ${r.paidOrders} found paid, ${r.pendingOrders} left pending, ` +
        `${r.drift} drifted counters${r.repaired ? `, ${r.repaired} repaired` : ""}, ${r.alertsDelivered} alerts sent, ${r.durationMs} ms` +
        (r.done ? "" : " (out of time: more next run)"),
      figures: { ...figures, driftItems },
      details: (driftItems ?? []).map(
        (d) => `drift ${d.storeSlug}/${d.sku}: stock ${d.stock} (ledger ${d.ledgerStock}), reserved ${d.reserved} (ledger ${d.ledgerReserved}, holds ${d.activeHeld})`,
      ),
    };
  },
};

export const paymentSync: OpsCommand = {
  usage: "payment-sync [--dry-run] [--verbose]",
  description: "asks the payment provider about pending payments that are due (backoff per payment; gives up after 24 h)",
  options: { "dry-run": { type: "boolean" } },
  async run(ctx, values) {
    const dryRun = values["dry-run"] === true;
    const r = await withJobDeps(ctx, (deps) => syncPayments(deps, { dryRun }));
    if ("skipped" in r) return skipped("payment-sync", r);
    return {
      ok: true,
      summary:
        `payment-sync${dryRun ? " (dry run)" : ""}: ${r.checked} checked, ${r.succeeded} succeeded, ${r.failed} failed, ` +
        `${r.stillPending} still pending, ${r.gaveUp} given up, ${r.refunded} refunded, ${r.errors} provider errors, ${r.durationMs} ms`,
      figures: { ...r },
      details: r.errors > 0 ? [`${r.errors} provider calls failed; those payments are retried at their next check`] : [],
    };
  },
};

/** "0 failing", or "2 failing (lapsed_holds, counter_drift)". */
function named(checks: { name: string }[], word: string): string {
  return `${checks.length} ${word}${checks.length ? ` (${checks.map((c) => c.name).join(", ")})` : ""}`;
}

export const health: OpsCommand = {
  usage: "health [--store SLUG]",
  description: "the health report (jobs, lapsed holds, drift, stuck payments, low stock); exit 1 when any check fails",
  options: { store: { type: "string" } },
  async run(ctx, values) {
    const slug = optionalString(values, "store");
    const store = slug === undefined ? null : await findStoreBySlug(ctx.deps, slug);
    if (slug !== undefined && !store) throw new AppError("NOT_FOUND", `Store "${slug}" not found.`);
    const h = await getHealth(ctx.deps, { storeId: store?.id ?? null });
    const failing = h.checks.filter((c) => c.status === "fail");
    const warning = h.checks.filter((c) => c.status === "warn");
    return {
      ok: failing.length === 0,
      // The checks that are not passing are named, so the line alone says where to look.
      summary: `health${store ? ` of ${store.slug}` : ""}: ${h.status}, score ${h.score}/100, ${named(failing, "failing")}, ${named(warning, "warning")}`,
      figures: { ...h },
      details: h.checks.map((c) => `${c.status.toUpperCase().padEnd(4)} ${c.name} = ${c.value ?? "–"}${c.hint ? ` — ${c.hint}` : ""}`),
    };
  },
};

export const jobCommands: Record<string, OpsCommand> = { cleanup, "payment-sync": paymentSync, health };
