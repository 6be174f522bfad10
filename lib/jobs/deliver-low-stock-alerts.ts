// Low-stock alerts: the database records one alert when an item's availability crosses its
// threshold downward (trigger in 20261121153000_orders_payments); this posts each alert once to
// ALERT_WEBHOOK_URL as Slack-compatible JSON ({ text }). An alert is claimed before it is posted
// (so two runs never post it twice) and given back if the post fails.
import type { Db } from "@/lib/db";

export type AlertDelivery = { delivered: number; failed: number };

type Claimed = { id: string; storeName: string; storeSlug: string; sku: string; title: string | null; available: number; threshold: number };

/** Alerts older than this are left for the dashboard only (no flood after a long outage). */
const MAX_AGE_HOURS = 24;

export function lowStockMessage(a: Omit<Claimed, "id">): string {
  const what = a.title ? `${a.title} (${a.sku})` : a.sku;
  const left = a.available <= 0 ? "is sold out" : `is low: ${a.available} left`;
  return `Low stock in ${a.storeName}: ${what} ${left} (threshold ${a.threshold}).`;
}

export async function deliverLowStockAlerts(
  deps: { db: Db; now: Date },
  input: { webhookUrl?: string | null; limit?: number; deadline?: number },
  fetchImpl: typeof fetch = fetch,
): Promise<AlertDelivery> {
  const result: AlertDelivery = { delivered: 0, failed: 0 };
  if (!input.webhookUrl) return result;
  const now = deps.now.toISOString();
  const claimed = await deps.db.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT a.id FROM "LowStockAlert" a
      WHERE a."deliveredAt" IS NULL AND a."createdAt" > ${now}::timestamp(3) - make_interval(hours => ${MAX_AGE_HOURS})
      ORDER BY a."createdAt", a.id
      LIMIT ${input.limit ?? 50}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE "LowStockAlert" a SET "deliveredAt" = ${now}::timestamp(3) FROM due WHERE a.id = due.id
      RETURNING a.id, a."storeId", a."inventoryItemId", a.available, a.threshold
    )
    SELECT c.id, s.name AS "storeName", s.slug AS "storeSlug", i.sku, c.available, c.threshold,
      (SELECT p.title FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
       WHERE v."inventoryItemId" = i.id ORDER BY (v."storeId" = i."storeId") DESC, v.id LIMIT 1) AS title
    FROM claimed c JOIN "Store" s ON s.id = c."storeId" JOIN "InventoryItem" i ON i.id = c."inventoryItemId"`;
  for (const alert of claimed) {
    const ok =
      (input.deadline === undefined || Date.now() < input.deadline) &&
      (await postAlert(input.webhookUrl, alert, fetchImpl));
    if (ok) {
      result.delivered += 1;
    } else {
      result.failed += 1;
      await deps.db.lowStockAlert.updateMany({ where: { id: alert.id }, data: { deliveredAt: null } });
    }
  }
  return result;
}

async function postAlert(url: string, alert: Claimed, fetchImpl: typeof fetch): Promise<boolean> {
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: lowStockMessage(alert),
        store: alert.storeSlug,
        sku: alert.sku,
        available: alert.available,
        threshold: alert.threshold,
      }),
      signal: AbortSignal.timeout(5000),
    });
    await res.body?.cancel().catch(() => {});
    return res.ok;
  } catch {
    return false;
  }
}
