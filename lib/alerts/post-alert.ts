// Posts one alert to ALERT_WEBHOOK_URL as Slack-compatible JSON ({ text }, mrkdwn), within a few
// seconds; answers whether the receiver took it, never throws (an alert must not fail a job).
import { getLogger } from "@/lib/observability/logger";

export type AlertKind = "health_below" | "health_recovered" | "job_failing" | "counter_drift" | "low_stock_digest" | "webhook_failing";

export type Alert = { kind: AlertKind; text: string };

// Short: four alerts after a run must fit in the cron route's maxDuration past the job budget.
const TIMEOUT_MS = 3000;

export async function postAlert(url: string, alert: Alert, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: alert.text }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {});
    if (!res.ok) getLogger().warn({ alert: alert.kind, status: res.status }, "alert not accepted by the webhook");
    else getLogger().info({ alert: alert.kind }, "alert sent");
    return res.ok;
  } catch (e) {
    getLogger().warn({ alert: alert.kind, err: e }, "alert could not be posted");
    return false;
  }
}
