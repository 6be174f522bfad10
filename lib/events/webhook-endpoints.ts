// A store's webhook endpoints (admin/webhooks): create (the signing secret is returned once),
// list, change (url, events, enabled), delete, their recent deliveries, and a test event sent at
// once. Every query is scoped by store: another store's endpoint is 404.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { CreateWebhookInput, DeliveryView, EventType, UpdateWebhookInput, WebhookView } from "@/lib/events/schemas";
import { EVENT_TYPES } from "@/lib/events/schemas";
import { sendWebhook } from "@/lib/events/send-webhook";
import { assertPublicTarget, type ResolveFn } from "@/lib/events/url-guard";
import { keysetPage } from "@/lib/admin/cursor";

export const MAX_ENDPOINTS_PER_STORE = 20;

type Deps = { db: Db; now: Date };
type GuardOptions = { allowPrivateTargets: boolean; resolve?: ResolveFn };

type EndpointRow = { id: string; url: string; events: string[]; enabled: boolean; failingSince: Date | null; createdAt: Date };

const endpointSelect = { id: true, url: true, events: true, enabled: true, failingSince: true, createdAt: true } as const;

export function toWebhookView(row: EndpointRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: row.events.filter((e): e is EventType => (EVENT_TYPES as readonly string[]).includes(e)),
    enabled: row.enabled,
    failing: row.failingSince !== null,
    failingSince: row.failingSince?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A Standard Webhooks secret: whsec_ + base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export async function createWebhook(
  deps: Deps & GuardOptions,
  input: CreateWebhookInput & { storeId: string },
): Promise<{ webhook: WebhookView; secret: string }> {
  await assertPublicTarget(input.url, { allowPrivate: deps.allowPrivateTargets, resolve: deps.resolve });
  const count = await deps.db.webhookEndpoint.count({ where: { storeId: input.storeId } });
  if (count >= MAX_ENDPOINTS_PER_STORE) {
    throw new AppError("CONFLICT", `A store has at most ${MAX_ENDPOINTS_PER_STORE} webhook endpoints.`, { limit: MAX_ENDPOINTS_PER_STORE });
  }
  const secret = newWebhookSecret();
  const row = await deps.db.webhookEndpoint.create({
    data: { storeId: input.storeId, url: input.url, secret, events: [...new Set(input.events)], createdAt: deps.now, updatedAt: deps.now },
    select: endpointSelect,
  });
  return { webhook: toWebhookView(row), secret };
}

export async function listWebhooks(deps: Deps, input: { storeId: string }): Promise<WebhookView[]> {
  const rows = await deps.db.webhookEndpoint.findMany({ where: { storeId: input.storeId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: endpointSelect });
  return rows.map(toWebhookView);
}

export async function getWebhook(deps: Deps, input: { storeId: string; webhookId: string }): Promise<WebhookView> {
  const row = await deps.db.webhookEndpoint.findFirst({ where: { id: input.webhookId, storeId: input.storeId }, select: endpointSelect });
  if (!row) throw notFound("Webhook");
  return toWebhookView(row);
}

export async function updateWebhook(
  deps: Deps & GuardOptions,
  input: UpdateWebhookInput & { storeId: string; webhookId: string },
): Promise<WebhookView> {
  if (input.url !== undefined) await assertPublicTarget(input.url, { allowPrivate: deps.allowPrivateTargets, resolve: deps.resolve });
  const changed = await deps.db.webhookEndpoint.updateMany({
    where: { id: input.webhookId, storeId: input.storeId },
    data: {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
      // Enabling a failing endpoint again is the admin saying "try again": the flag clears.
      ...(input.enabled !== undefined ? { enabled: input.enabled, ...(input.enabled ? { failingSince: null } : {}) } : {}),
      updatedAt: deps.now,
    },
  });
  if (changed.count === 0) throw notFound("Webhook");
  return getWebhook(deps, input);
}

export async function deleteWebhook(deps: Deps, input: { storeId: string; webhookId: string }): Promise<WebhookView> {
  const view = await getWebhook(deps, input);
  await deps.db.webhookEndpoint.deleteMany({ where: { id: input.webhookId, storeId: input.storeId } });
  return view;
}

type DeliveryRow = {
  id: bigint;
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
};

export function toDeliveryView(row: DeliveryRow): DeliveryView {
  return {
    eventId: row.eventId,
    type: row.type,
    status: row.status as DeliveryView["status"],
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.status === "PENDING" ? row.nextAttemptAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

const deliverySelect = {
  id: true,
  eventId: true,
  type: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastError: true,
  nextAttemptAt: true,
  createdAt: true,
  deliveredAt: true,
} as const;

/** The endpoint's deliveries, newest first; `cursor` is the previous page's nextCursor. */
export async function listDeliveries(
  deps: Deps,
  input: { storeId: string; webhookId: string; cursor?: string; limit: number },
): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
  await getWebhook(deps, input);
  const rows = await deps.db.webhookDelivery.findMany({
    where: { endpointId: input.webhookId, ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: deliverySelect,
  });
  const { page, nextCursor } = keysetPage(rows, input.limit, (last) => String(last.id));
  return { items: page.map(toDeliveryView), nextCursor };
}

/**
 * Sends a `webhook.test` event to the endpoint now (signed like every delivery, not retried) and
 * records the attempt among its deliveries. It is not an outbox event: the feed does not show it.
 */
export async function sendTestEvent(
  deps: Deps & { allowPrivateTargets: boolean; send?: typeof sendWebhook },
  input: { storeId: string; webhookId: string },
): Promise<DeliveryView> {
  const endpoint = await deps.db.webhookEndpoint.findFirst({
    where: { id: input.webhookId, storeId: input.storeId },
    select: { id: true, url: true, secret: true },
  });
  if (!endpoint) throw notFound("Webhook");
  const store = await deps.db.store.findUniqueOrThrow({ where: { id: input.storeId }, select: { slug: true } });
  const eventId = `evt_test_${randomBytes(9).toString("base64url")}`;
  const body = JSON.stringify({ id: eventId, type: "webhook.test", store: store.slug, createdAt: deps.now.toISOString(), data: { webhookId: endpoint.id } });
  const outcome = await (deps.send ?? sendWebhook)({ url: endpoint.url, secret: endpoint.secret, id: eventId, body, at: deps.now }, { allowPrivate: deps.allowPrivateTargets });
  const row = await deps.db.webhookDelivery.create({
    data: {
      endpointId: endpoint.id,
      eventSeq: null,
      eventId,
      type: "webhook.test",
      orderingKey: `test:${eventId}`,
      payload: body,
      status: outcome.ok ? "DELIVERED" : "FAILED",
      attempts: 1,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.ok ? null : (outcome.error ?? `HTTP ${outcome.statusCode}`),
      nextAttemptAt: deps.now,
      createdAt: deps.now,
      updatedAt: deps.now,
      deliveredAt: outcome.ok ? deps.now : null,
    },
    select: deliverySelect,
  });
  return toDeliveryView(row);
}
