// The dashboard's Webhooks page: endpoints, their recent deliveries, and the writes (create — the
// secret comes back once —, enable/disable, test event, delete). Shapes: lib/events/schemas.ts.
import { queryOptions } from "@tanstack/react-query";
import {
  createWebhookResponseSchema,
  deliveryListSchema,
  testDeliveryResponseSchema,
  webhookListSchema,
  webhookResponseSchema,
  type EventType,
} from "@/lib/events/schemas";
import { fetchJson } from "./fetch-json";

export type { DeliveryView, EventType, WebhookView } from "@/lib/events/schemas";
export { EVENT_TYPES } from "@/lib/events/schemas";

const base = (store: string) => `/api/stores/${encodeURIComponent(store)}/admin/webhooks`;

export const webhookKeys = {
  all: (store: string) => ["admin", store, "webhooks"] as const,
  deliveries: (store: string, id: string) => ["admin", store, "webhooks", id, "deliveries"] as const,
};

export function webhooksQuery(store: string) {
  return queryOptions({
    queryKey: webhookKeys.all(store),
    queryFn: ({ signal }) => fetchJson(base(store), webhookListSchema, { signal }),
    refetchInterval: 10_000,
  });
}

/** The endpoint's latest deliveries (newest first); refreshed while the page is open. */
export function deliveriesQuery(store: string, id: string, limit = 10) {
  return queryOptions({
    queryKey: webhookKeys.deliveries(store, id),
    queryFn: ({ signal }) =>
      fetchJson(`${base(store)}/${encodeURIComponent(id)}/deliveries?limit=${limit}`, deliveryListSchema, { signal }),
    refetchInterval: 5_000,
  });
}

export const webhookWrites = {
  create: (store: string, input: { url: string; events: EventType[] }) =>
    fetchJson(base(store), createWebhookResponseSchema, { method: "POST", json: input }),
  update: (store: string, id: string, input: { enabled?: boolean; events?: EventType[]; url?: string }) =>
    fetchJson(`${base(store)}/${encodeURIComponent(id)}`, webhookResponseSchema, { method: "PATCH", json: input }),
  remove: (store: string, id: string) =>
    fetchJson(`${base(store)}/${encodeURIComponent(id)}`, webhookResponseSchema, { method: "DELETE" }),
  test: (store: string, id: string) =>
    fetchJson(`${base(store)}/${encodeURIComponent(id)}/test`, testDeliveryResponseSchema, { method: "POST" }),
};
