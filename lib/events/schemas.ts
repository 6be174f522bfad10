// The wire shapes of the events API (API.md "Events for integrations"): route inputs (parsed at the
// edge) and responses (the OpenAPI document is generated from these, lib/openapi).
import { z } from "zod";

export const EVENT_TYPES = [
  "inventory.changed",
  "inventory.low_stock",
  "inventory.out_of_stock",
  "inventory.back_in_stock",
  "order.created",
  "order.paid",
  "order.cancelled",
] as const;
export const eventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof eventTypeSchema>;

/** `evt_<n>`: an event's public id; its number is the event's place in the feed. */
export const eventIdSchema = z.string().regex(/^evt_[1-9][0-9]{0,17}$/, "an event id (evt_…)");

export function eventSeqOf(id: string): bigint {
  return BigInt(id.slice(4));
}

const noControlChars = (s: string) => !/[\u0000-\u001f\u007f]/.test(s) && s.isWellFormed();

export const webhookUrlSchema = z
  .string()
  .max(2000)
  .refine(noControlChars, "must not contain control characters")
  .pipe(z.url({ protocol: /^https?$/ }))
  .refine((u) => {
    const url = new URL(u);
    return url.username === "" && url.password === "";
  }, "must not carry credentials");

export const createWebhookInputSchema = z.strictObject({
  url: webhookUrlSchema,
  events: z.array(eventTypeSchema).min(1).max(EVENT_TYPES.length),
});
export type CreateWebhookInput = z.infer<typeof createWebhookInputSchema>;

export const updateWebhookInputSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: z.array(eventTypeSchema).min(1).max(EVENT_TYPES.length).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => v.url !== undefined || v.events !== undefined || v.enabled !== undefined, "give url, events or enabled");
export type UpdateWebhookInput = z.infer<typeof updateWebhookInputSchema>;

export const webhookIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "a webhook id");

export const deliveriesQuerySchema = z.strictObject({
  cursor: z.string().regex(/^[1-9][0-9]{0,17}$/, "a cursor from nextCursor").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const eventsQuerySchema = z.strictObject({
  after: eventIdSchema.optional(),
  types: z
    .string()
    .max(500)
    .optional()
    .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(eventTypeSchema).max(EVENT_TYPES.length)),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(eventTypeSchema),
  enabled: z.boolean(),
  failing: z.boolean().describe("true once a delivery gave up after 24 h of retries; a later success clears it"),
  failingSince: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookView = z.infer<typeof webhookSchema>;

export const createWebhookResponseSchema = z.object({
  webhook: webhookSchema,
  secret: z.string().describe("whsec_…: the Standard Webhooks signing secret, shown only here"),
});

export const webhookResponseSchema = z.object({ webhook: webhookSchema });
export const webhookListSchema = z.object({ items: z.array(webhookSchema) });

export const deliverySchema = z.object({
  eventId: z.string(),
  type: z.string(),
  status: z.enum(["PENDING", "DELIVERED", "FAILED"]),
  attempts: z.int(),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof deliverySchema>;
export const deliveryListSchema = z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });

export const testDeliveryResponseSchema = z.object({ delivery: deliverySchema });

export const eventSchema = z.object({
  id: z.string(),
  type: eventTypeSchema,
  store: z.string(),
  createdAt: z.string(),
  data: z
    .record(z.string(), z.unknown())
    .describe(
      "inventory.*: { sku, stock, reserved, available, state, cause, lowStockThreshold }; order.*: { order }",
    ),
});
export type EventView = z.infer<typeof eventSchema>;
export const eventListSchema = z.object({ items: z.array(eventSchema), nextAfter: z.string().nullable() });
