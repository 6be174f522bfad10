// The words of each alert: what happened and what to do about it (the same advice as the health
// report's hints), as Slack mrkdwn.
import type { Alert } from "@/lib/alerts/post-alert";
import type { LowStockItem } from "@/lib/alerts/list-low-stock-items";
import type { Health } from "@/lib/health/get-health";
import { scrubString } from "@/lib/observability/scrub";

/** Slack treats &, < and > as markup. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function healthBelowMessage(health: Health, threshold: number): Alert {
  const bad = health.checks.filter((c) => c.status !== "pass");
  const lines = bad.map((c) => `• *${escapeMrkdwn(c.label)}* (${c.status}, ${c.value ?? "–"}): ${escapeMrkdwn(c.hint ?? "")}`);
  return {
    kind: "health_below",
    text: [
      `:rotating_light: Shop health fell to *${health.score}/100* (alert threshold ${threshold}): ${health.status}.`,
      ...lines,
      "See the details with `npm run ops -- health --verbose` or on the dashboard's Health page.",
    ].join("\n"),
  };
}

export function healthRecoveredMessage(health: Health, threshold: number): Alert {
  return {
    kind: "health_recovered",
    text: `:white_check_mark: Shop health is back to *${health.score}/100* (alert threshold ${threshold}): ${health.status}. Nothing to do.`,
  };
}

export function jobFailingMessage(job: string, streak: number, error: string | null | undefined): Alert {
  const effect =
    job === "payment-sync"
      ? "Pending payments are not being checked with the provider, so orders whose webhook was lost stay pending and keep their units reserved."
      : "Lapsed holds are not being swept and orders past their deadline are not being settled (shoppers are not blocked, but units stay reserved for unpaid orders).";
  const last = error ? scrubString(error).slice(0, 300) : "see the JobRun table";
  return {
    kind: "job_failing",
    text: [
      `:x: The *${job}* job failed ${streak} times in a row. Last error: ${escapeMrkdwn(last)}`,
      effect,
      `What to do: run \`npm run ops -- ${job} --verbose\` to see why; check DATABASE_URL${job === "payment-sync" ? ", the payment provider's credentials and reachability" : ""} and that the cron sends CRON_SECRET.`,
    ].join("\n"),
  };
}

export type DriftFigures = { drift: number; repaired: number; items: { storeSlug: string; sku: string }[] };

export function counterDriftMessage(d: DriftFigures): Alert {
  const names = d.items.slice(0, 10).map((i) => `${i.storeSlug}/${i.sku}`).join(", ");
  const which = names ? ` (${escapeMrkdwn(names)}${d.drift > 10 ? ", …" : ""})` : "";
  const unrepaired = d.drift - d.repaired;
  return {
    kind: "counter_drift",
    text:
      unrepaired > 0
        ? `:warning: Counter drift: ${d.drift} inventory ${d.drift === 1 ? "counter disagrees" : "counters disagree"} with their holds or ledger${which}.\n` +
          "What to do: inspect with `npm run ops -- reconcile`, fix with `npm run ops -- reconcile --repair` (or GET /api/cron/cleanup?repair=1); if it comes back, look for writes that bypass the inventory engine."
        : `:warning: Counter drift found and repaired: ${d.drift} inventory ${d.drift === 1 ? "counter" : "counters"}${which} disagreed with their holds or ledger and the cleanup run corrected them.\n` +
          "What to do: nothing urgent; if it recurs, look for writes that bypass the inventory engine (the stock ledger in Activity shows the repairs).",
  };
}

export function lowStockDigestMessage(day: string, items: LowStockItem[], total: number): Alert {
  const lines = items.map((i) => {
    const what = i.title ? `${i.title} (${i.sku})` : i.sku;
    const left = i.available <= 0 ? "sold out" : `${i.available} left`;
    return `• ${escapeMrkdwn(i.storeName)} · ${escapeMrkdwn(what)}: ${left}, threshold ${i.threshold}`;
  });
  const more = total > items.length ? [`…and ${total - items.length} more.`] : [];
  return {
    kind: "low_stock_digest",
    text: [
      `:package: Low stock digest for ${day}: ${total} ${total === 1 ? "item is" : "items are"} at or under the low-stock threshold.`,
      ...lines,
      ...more,
      "What to do: restock these items or lower their thresholds (dashboard: Inventory, filter Low stock).",
    ].join("\n"),
  };
}
