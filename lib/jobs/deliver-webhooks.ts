// The webhook step of the jobs: publish the event outbox, deliver what is due (lib/events), prune
// events and deliveries past their 30 days. The cleanup job runs it each time; the in-process
// scheduler and the request adapters (lib/http/after-events.ts) call runWebhookDelivery directly.
// It needs no job lock: deliveries are claimed row by row (SKIP LOCKED + lease), so runs overlap safely.
import type { Db } from "@/lib/db";
import { postAlert } from "@/lib/alerts/post-alert";
import { deliverWebhooks, type DeliverWebhooksFigures } from "@/lib/events/deliver-webhooks";
import { pruneEvents } from "@/lib/events/list-events";

export type WebhookJobDeps = { db: Db; now: Date; allowPrivateTargets?: boolean; alertWebhookUrl?: string | null; fetch?: typeof fetch };

export type WebhookJobFigures = DeliverWebhooksFigures & { prunedEvents: number; prunedDeliveries: number };

export async function runWebhookDelivery(
  deps: WebhookJobDeps,
  options: { deadline?: number; dryRun?: boolean; prune?: boolean } = {},
): Promise<WebhookJobFigures> {
  const alertUrl = deps.alertWebhookUrl;
  const figures = await deliverWebhooks(
    {
      db: deps.db,
      now: deps.now,
      allowPrivateTargets: deps.allowPrivateTargets ?? false,
      alert: alertUrl ? (text) => postAlert(alertUrl, { kind: "webhook_failing", text }, deps.fetch) : undefined,
    },
    { deadline: options.deadline, dryRun: options.dryRun },
  );
  const pruned =
    options.prune && !options.dryRun ? await pruneEvents(deps, { deadline: options.deadline }) : { events: 0, deliveries: 0 };
  return { ...figures, prunedEvents: pruned.events, prunedDeliveries: pruned.deliveries };
}
