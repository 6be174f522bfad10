// The JSON shapes of API.md's admin routes (and the dashboard's stats route) as the dashboard reads
// them, parsed at the edge of the browser: strict about what the UI depends on, lenient (nullish,
// extra fields kept out) about what it only shows.
import { z } from "zod";
import { orderSchema } from "./contract";

export const inventoryStateSchema = z.enum(["in_stock", "low_stock", "out_of_stock", "coming_soon"]);
export type InventoryState = z.infer<typeof inventoryStateSchema>;

export const adminInventoryItemSchema = z.object({
  id: z.string().nullish(),
  sku: z.string(),
  productTitle: z.string().nullable(),
  variantTitle: z.string().nullable(),
  stock: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int(),
  lowStockThresholdIsDefault: z.boolean().nullish(),
  state: z.string(),
  owned: z.boolean(),
  updatedAt: z.string().nullish(),
  waitingShoppers: z.number().int().nullish(),
  waitingUnits: z.number().int().nullish(),
});
export type AdminInventoryItem = z.infer<typeof adminInventoryItemSchema>;

export const inventoryPageSchema = z.object({ items: z.array(adminInventoryItemSchema), nextCursor: z.string().nullable() });
export type InventoryPage = z.infer<typeof inventoryPageSchema>;

export const inventoryItemResponseSchema = z.object({ item: adminInventoryItemSchema.partial().extend({ sku: z.string() }) });

export const bulkResultSchema = z.object({ updated: z.number().int() });

export const adminReservationSchema = z.object({
  id: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  status: z.string(),
  expiresAt: z.string(),
  cartId: z.string().nullable(),
  orderId: z.string().nullable(),
  lapsed: z.boolean().nullish(),
  productTitle: z.string().nullish(),
  variantTitle: z.string().nullish(),
  storeSlug: z.string().nullish(),
  owned: z.boolean().nullish(),
  createdAt: z.string().nullish(),
});
export type AdminReservation = z.infer<typeof adminReservationSchema>;

export const reservationsPageSchema = z.object({ items: z.array(adminReservationSchema), nextCursor: z.string().nullish() });

export const releasedHoldResponseSchema = z.object({ hold: z.object({ id: z.string() }).passthrough() });

export const adminOrderSchema = z.object({
  ...orderSchema.shape,
  lines: z.array(
    z
      .object({
        sku: z.string().nullish(),
        productTitle: z.string(),
        variantTitle: z.string().nullish(),
        quantity: z.number().int(),
      })
      .passthrough(),
  ),
  email: z.string().nullish(),
  customer: z.string().nullish(),
});
export type AdminOrder = z.infer<typeof adminOrderSchema>;

export const ordersResponseSchema = z.object({ items: z.array(adminOrderSchema), nextCursor: z.string().nullish() });

export const adminMovementSchema = z.object({
  id: z.string(),
  sku: z.string(),
  kind: z.string(),
  stockDelta: z.number().int(),
  reservedDelta: z.number().int(),
  stockAfter: z.number().int(),
  reservedAfter: z.number().int(),
  holdId: z.string().nullish(),
  orderId: z.string().nullish(),
  actor: z.object({ type: z.string(), id: z.string().nullish(), label: z.string().nullish() }),
  reason: z.string().nullish(),
  createdAt: z.string(),
});
export type AdminMovement = z.infer<typeof adminMovementSchema>;

export const movementsPageSchema = z.object({ items: z.array(adminMovementSchema), nextCursor: z.string().nullable() });

export const healthCheckSchema = z.object({
  name: z.string(),
  status: z.string(),
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]).optional(),
  hint: z.string().nullish(),
  label: z.string().nullish(),
  detail: z.string().nullish(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const jobRunSchema = z
  .object({
    job: z.string().nullish(),
    status: z.string().nullish(),
    startedAt: z.string().nullish(),
    finishedAt: z.string().nullish(),
    durationMs: z.number().nullish(),
    dryRun: z.boolean().nullish(),
    figures: z.record(z.string(), z.unknown()).nullish(),
    error: z.string().nullish(),
  })
  .passthrough();
export type JobRun = z.infer<typeof jobRunSchema>;

export const healthResponseSchema = z.object({
  score: z.number(),
  status: z.string(),
  checks: z.array(healthCheckSchema),
  jobs: z.unknown(),
  asOf: z.string().nullish(),
});
export type HealthReport = z.infer<typeof healthResponseSchema>;

export const storeSettingsSchema = z.object({
  reservationTtlSeconds: z.number().int(),
  paymentTimeoutSeconds: z.number().int(),
  maxHoldExtensions: z.number().int(),
  lowStockDefault: z.number().int(),
  offerTtlSeconds: z.number().int(),
});
export type StoreSettingsView = z.infer<typeof storeSettingsSchema>;

export const settingsResponseSchema = z.object({ settings: storeSettingsSchema });

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

export const tokensResponseSchema = z.object({ items: z.array(apiTokenSchema) });
export const createdTokenResponseSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export const revokedTokenResponseSchema = z.object({ token: apiTokenSchema });
