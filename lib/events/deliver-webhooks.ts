// The webhook deliverer: publishes the outbox, then sends due deliveries — at least once, in order
// per (endpoint, ordering key), with backoff for 24 h — in bounded batches within a time budget.
// Safe to run many at once (jobs, the in-process scheduler, after a request): a delivery is claimed
// with FOR UPDATE SKIP LOCKED and a lease longer than any send, so two runs never send it together;
// only the head of each (endpoint, key) queue is claimable, so a key's events go out one by one, in
// order. A run that dies mid-send leaves its lease to expire and the delivery is sent again (at
// least once: receivers dedupe on webhook-id).
import type { Db } from "@/lib/db";
import { GIVE_UP_AFTER_MS, retryDelayMs } from "@/lib/events/backoff";
import { publishEvents, PUBLISH_BATCH } from "@/lib/events/publish-events";
import { sendWebhook, type SendOutcome } from "@/lib/events/send-webhook";

export const LEASE_MS = 60_000;

export type DeliverWebhooksDeps = {
  db: Db;
  now: Date;
  allowPrivateTargets: boolean;
  /** Told once when an endpoint starts failing (a delivery gave up after 24 h). Never throws. */
  alert?: (text: string) => Promise<unknown>;
  /** Tests replace the sender; production sends over HTTP (lib/events/send-webhook.ts). */
  send?: typeof sendWebhook;
};

export type DeliverWebhooksOptions = {
  /** Epoch ms after which no new batch starts. */
  deadline?: number;
  batchSize?: number;
  concurrency?: number;
  dryRun?: boolean;
};

export type DeliverWebhooksFigures = {
  published: number;
  delivered: number;
  retrying: number;
  gaveUp: number;
  done: boolean;
};

type Claimed = {
  id: bigint;
  endpointId: string;
  eventId: string;
  payload: string;
  attempts: number;
  createdAt: Date;
  url: string;
  secret: string;
  storeId: string;
};

export async function deliverWebhooks(deps: DeliverWebhooksDeps, options: DeliverWebhooksOptions = {}): Promise<DeliverWebhooksFigures> {
  const started = Date.now();
  const deadline = options.deadline ?? started + 10_000;
  const clock = () => new Date(deps.now.getTime() + (Date.now() - started));
  const figures: DeliverWebhooksFigures = { published: 0, delivered: 0, retrying: 0, gaveUp: 0, done: false };
  if (options.dryRun) {
    figures.done = true;
    return figures;
  }
  const batchSize = options.batchSize ?? 50;
  for (;;) {
    if (Date.now() >= deadline) return figures;
    const n = await publishEvents({ db: deps.db, now: clock() });
    if (n > 0) figures.published += n;
    if (n >= PUBLISH_BATCH) continue;
    break;
  }
  for (;;) {
    if (Date.now() >= deadline) return figures;
    const batch = await claimDue(deps.db, clock(), batchSize);
    if (batch.length === 0) {
      figures.done = true;
      return figures;
    }
    await mapLimit(batch, options.concurrency ?? 8, async (d) => {
      const at = clock();
      const outcome = await (deps.send ?? sendWebhook)(
        { url: d.url, secret: d.secret, id: d.eventId, body: d.payload, at },
        { allowPrivate: deps.allowPrivateTargets },
      );
      const result = await recordOutcome(deps, d, outcome, clock());
      figures[result] += 1;
    });
    // A batch smaller than asked means nothing more was due when it was claimed; the heads just
    // delivered may have successors: claim again (bounded by the deadline).
  }
}

/** Claims up to `limit` due heads (one per endpoint and ordering key) with a lease. */
async function claimDue(db: Db, now: Date, limit: number): Promise<Claimed[]> {
  const at = now.toISOString();
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  return db.$queryRaw<Claimed[]>`
    WITH heads AS (
      SELECT DISTINCT ON (d."endpointId", d."orderingKey") d.id
      FROM "WebhookDelivery" d
      WHERE d.status = 'PENDING'
      ORDER BY d."endpointId", d."orderingKey", d."eventSeq" NULLS FIRST, d.id
    ), due AS (
      SELECT d.id FROM "WebhookDelivery" d
      JOIN heads h ON h.id = d.id
      JOIN "WebhookEndpoint" w ON w.id = d."endpointId"
      WHERE d.status = 'PENDING' AND w.enabled AND d."nextAttemptAt" <= ${at}::timestamp(3)
        AND (d."leaseUntil" IS NULL OR d."leaseUntil" <= ${at}::timestamp(3))
      ORDER BY d."nextAttemptAt", d.id
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE "WebhookDelivery" d SET "leaseUntil" = ${leaseUntil}::timestamp(3), "updatedAt" = ${at}::timestamp(3)
    FROM due, "WebhookEndpoint" w
    WHERE d.id = due.id AND w.id = d."endpointId"
    RETURNING d.id, d."endpointId", d."eventId", d.payload, d.attempts, d."createdAt", w.url, w.secret, w."storeId"`;
}

async function recordOutcome(
  deps: DeliverWebhooksDeps,
  d: Claimed,
  outcome: SendOutcome,
  now: Date,
): Promise<"delivered" | "retrying" | "gaveUp"> {
  const at = now.toISOString();
  const attempts = d.attempts + 1;
  if (outcome.ok) {
    await deps.db.$transaction([
      deps.db.$executeRaw`
        UPDATE "WebhookDelivery" SET status = 'DELIVERED', attempts = ${attempts}, "lastStatusCode" = ${outcome.statusCode},
          "lastError" = NULL, "leaseUntil" = NULL, "deliveredAt" = ${at}::timestamp(3), "updatedAt" = ${at}::timestamp(3)
        WHERE id = ${d.id} AND status = 'PENDING'`,
      deps.db.$executeRaw`
        UPDATE "WebhookEndpoint" SET "failingSince" = NULL WHERE id = ${d.endpointId} AND "failingSince" IS NOT NULL`,
    ]);
    return "delivered";
  }
  const error = outcome.error ?? (outcome.statusCode !== null ? `HTTP ${outcome.statusCode}` : "failed");
  if (now.getTime() - d.createdAt.getTime() >= GIVE_UP_AFTER_MS) {
    const marked = await deps.db.$transaction(async (tx) => {
      await tx.$executeRaw`
        UPDATE "WebhookDelivery" SET status = 'FAILED', attempts = ${attempts}, "lastStatusCode" = ${outcome.statusCode},
          "lastError" = ${error}, "leaseUntil" = NULL, "updatedAt" = ${at}::timestamp(3)
        WHERE id = ${d.id} AND status = 'PENDING'`;
      return tx.$executeRaw`
        UPDATE "WebhookEndpoint" SET "failingSince" = ${at}::timestamp(3), "updatedAt" = ${at}::timestamp(3)
        WHERE id = ${d.endpointId} AND "failingSince" IS NULL`;
    });
    if (marked > 0 && deps.alert) {
      const store = await deps.db.$queryRaw<{ slug: string }[]>`SELECT slug FROM "Store" WHERE id = ${d.storeId}`;
      await deps
        .alert(
          `Webhook endpoint failing in ${store[0]?.slug ?? d.storeId}: ${d.url} has not accepted event ${d.eventId} for 24 hours (last: ${error}). Deliveries to it go on; see the store's Webhooks page.`,
        )
        .catch(() => {});
    }
    return "gaveUp";
  }
  const next = new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
  await deps.db.$executeRaw`
    UPDATE "WebhookDelivery" SET attempts = ${attempts}, "lastStatusCode" = ${outcome.statusCode}, "lastError" = ${error},
      "leaseUntil" = NULL, "nextAttemptAt" = ${next}::timestamp(3), "updatedAt" = ${at}::timestamp(3)
    WHERE id = ${d.id} AND status = 'PENDING'`;
  return "retrying";
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}
