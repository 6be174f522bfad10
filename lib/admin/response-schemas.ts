// The JSON the admin API answers with: one definition for both sides of the wire. The OpenAPI
// document (lib/openapi) describes the routes with these schemas, the dashboard (lib/api-client)
// parses every response with them, and response-schemas.test.ts fails to compile when a domain
// function's result no longer matches its schema. Re-exported by schemas.ts, which the routes use.
import { z } from "zod";
import { orderSchema } from "@/lib/orders/response-schemas";

/** The admin's word for an item's stock: out of stock at 0, low at or under its threshold. */
export const inventoryStateSchema = z.enum(["in_stock", "low_stock", "out_of_stock", "coming_soon"]);
export type InventoryState = z.infer<typeof inventoryStateSchema>;

const iso = z.string();
const int = z.number().int();

/** One row of GET admin/inventory (lib/admin/list-inventory.ts). */
export const adminInventoryItemSchema = z.object({
  id: z.string(),
  sku: z.string(),
  productTitle: z.string().nullable(),
  variantTitle: z.string().nullable(),
  stock: int,
  reserved: int,
  available: int,
  /** The effective threshold: the item's own, else its owner store's default. */
  lowStockThreshold: int,
  /** True when the item has no threshold of its own (the store default applies). */
  lowStockThresholdIsDefault: z.boolean(),
  state: inventoryStateSchema,
  owned: z.boolean(),
  updatedAt: iso,
  /** The item's waitlist (docs/waitlist.md): shoppers WAITING and the units they wait for. */
  waitingShoppers: int,
  waitingUnits: int,
});
export type AdminInventoryItem = z.infer<typeof adminInventoryItemSchema>;

export const inventoryPageSchema = z.object({ items: z.array(adminInventoryItemSchema), nextCursor: z.string().nullable() });
export type InventoryPage = z.infer<typeof inventoryPageSchema>;

/** PATCH admin/inventory/{sku}: the item after the change (lib/inventory/adjust-stock.ts). */
export const adjustedItemSchema = adminInventoryItemSchema
  .pick({ sku: true, productTitle: true, variantTitle: true, stock: true, reserved: true, available: true, lowStockThreshold: true, state: true, owned: true });
export const inventoryItemResponseSchema = z.object({ item: adjustedItemSchema });

/** POST admin/inventory/bulk; `validateOnly` on a ?validate=1 dry run. */
export const bulkResultSchema = z.object({ updated: int, validateOnly: z.literal(true).optional() });

export const holdStatusSchema = z.enum(["ACTIVE", "RELEASED", "EXPIRED", "SOLD"]);

/** One row of GET admin/reservations (lib/admin/list-reservations.ts). */
export const adminReservationSchema = z.object({
  id: z.string(),
  sku: z.string(),
  quantity: int,
  status: holdStatusSchema,
  expiresAt: iso,
  /** An ACTIVE cart hold past its expiry, not yet swept: it no longer counts against availability. */
  lapsed: z.boolean(),
  cartId: z.string().nullable(),
  orderId: z.string().nullable(),
  variantId: z.string(),
  productTitle: z.string().nullable(),
  variantTitle: z.string(),
  /** The store the hold was taken through (differs from this store for a reseller's holds). */
  storeSlug: z.string(),
  owned: z.boolean(),
  createdAt: iso,
  endedAt: iso.nullable(),
});
export type AdminReservation = z.infer<typeof adminReservationSchema>;

export const reservationsPageSchema = z.object({ items: z.array(adminReservationSchema), nextCursor: z.string().nullable() });

/** DELETE admin/reservations/{holdId} (lib/inventory/release-hold.ts). */
export const releasedHoldSchema = adminReservationSchema.pick({ id: true, sku: true, quantity: true, status: true, expiresAt: true, cartId: true, orderId: true });
export const releasedHoldResponseSchema = z.object({ hold: releasedHoldSchema });

/** GET admin/orders: the shopper's order view (lib/orders/response-schemas.ts), newest first. */
export const ordersResponseSchema = z.object({ items: z.array(orderSchema), nextCursor: z.string().nullable() });
export type AdminOrder = z.infer<typeof orderSchema>;
export const orderResponseSchema = z.object({ order: orderSchema });

/** One row of GET admin/movements, the stock ledger (lib/admin/list-movements.ts). */
export const adminMovementSchema = z.object({
  id: z.string(),
  sku: z.string(),
  kind: z.string(),
  stockDelta: int,
  reservedDelta: int,
  stockAfter: int,
  reservedAfter: int,
  holdId: z.string().nullable(),
  orderId: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  reason: z.string().nullable(),
  createdAt: iso,
});
export type AdminMovement = z.infer<typeof adminMovementSchema>;

export const movementsPageSchema = z.object({ items: z.array(adminMovementSchema), nextCursor: z.string().nullable() });

/** GET admin/orders/{orderId}: the order, the holds behind it, its payment and the ledger rows it caused (lib/orders/get-admin-order.ts). */
export const adminOrderDetailSchema = z.object({
  order: orderSchema,
  holds: z.array(z.object({ id: z.string(), sku: z.string(), quantity: int, status: z.string(), expiresAt: iso, createdAt: iso })),
  payment: z
    .object({
      provider: z.string(),
      reference: z.string(),
      status: z.string(),
      attempts: int,
      nextCheckAt: iso.nullable(),
      history: z.array(z.object({ at: iso, source: z.string(), status: z.string(), result: z.string().nullable() })),
    })
    .nullable(),
  /** The ledger's rows, with who acted as one label. */
  movements: z.array(adminMovementSchema.omit({ holdId: true, orderId: true, actor: true }).extend({ actor: z.string().nullable() })),
});

/** GET admin/health (lib/health/get-health.ts). */
export const healthCheckSchema = z.object({
  name: z.string(),
  label: z.string(),
  status: z.enum(["pass", "warn", "fail"]),
  value: z.number().nullable(),
  hint: z.string().nullable(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const jobRunSchema = z.object({
  status: z.enum(["OK", "FAILED", "SKIPPED"]),
  dryRun: z.boolean(),
  startedAt: iso,
  durationMs: z.number().nullable(),
  figures: z.unknown(),
  error: z.string().nullable(),
});
export type JobRun = z.infer<typeof jobRunSchema>;

export const jobHealthSchema = z.object({
  job: z.enum(["cleanup", "payment-sync"]),
  lastRun: jobRunSchema.nullable(),
  lastSuccessAt: iso.nullable(),
  /** Never run (successfully) and the deployment is younger than a job interval: not a failure yet. */
  notYetRun: z.boolean(),
  recent: z.array(jobRunSchema),
});

export const healthResponseSchema = z.object({
  score: z.number(),
  status: z.enum(["healthy", "degraded", "failing"]),
  checkedAt: iso,
  checks: z.array(healthCheckSchema),
  jobs: z.array(jobHealthSchema),
});
export type HealthReport = z.infer<typeof healthResponseSchema>;

/** GET / PATCH admin/settings: the values as stored (the PATCH body's bounds are in schemas.ts). */
export const storeSettingsViewSchema = z.object({
  reservationTtlSeconds: int,
  paymentTimeoutSeconds: int,
  maxHoldExtensions: int,
  lowStockDefault: int,
  /** How long a waitlist offer holds its units (docs/waitlist.md). */
  offerTtlSeconds: int,
});
export type StoreSettingsView = z.infer<typeof storeSettingsViewSchema>;
export const settingsResponseSchema = z.object({ settings: storeSettingsViewSchema });

/** An API token as listed (lib/tokens): never its secret. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: iso,
  lastUsedAt: iso.nullable(),
  revokedAt: iso.nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

export const tokensResponseSchema = z.object({ items: z.array(apiTokenSchema) });
/** POST admin/tokens: the secret, shown this once. */
export const createdTokenResponseSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export const revokedTokenResponseSchema = z.object({ token: apiTokenSchema });
