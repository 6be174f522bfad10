// Shapes of the order API: the order as API.md shows it, and the inputs parsed at the route edge.
import { z } from "zod";

export const orderStatusSchema = z.enum(["PENDING_PAYMENT", "PAID", "CANCELLED"]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderLineSchema = z.object({
  variantId: z.string(),
  sku: z.string(),
  productTitle: z.string(),
  variantTitle: z.string(),
  unitPriceCents: z.number().int(),
  quantity: z.number().int(),
  lineTotalCents: z.number().int(),
});

export const orderPaymentSchema = z.object({
  provider: z.string(),
  status: z.enum(["PENDING", "SUCCEEDED", "FAILED", "CANCELLED", "REFUNDED"]),
  /** Where to pay, while the payment is open; null afterwards. */
  redirectUrl: z.string().nullable(),
});

export const orderSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  store: z.string(),
  status: orderStatusSchema,
  lines: z.array(orderLineSchema),
  totalCents: z.number().int(),
  currency: z.string(),
  paymentDeadline: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  payment: orderPaymentSchema.nullable(),
});
export type OrderView = z.infer<typeof orderSchema>;

export const checkoutResponseSchema = z.object({
  order: orderSchema,
  payment: z.object({ provider: z.string(), redirectUrl: z.string().nullable() }),
});
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

/** Idempotency-Key header: printable ASCII, 1..200 characters (Stripe's convention is up to 255). */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1, "The Idempotency-Key header must not be empty.")
  .max(200, "The Idempotency-Key header is at most 200 characters.")
  .regex(/^[\x21-\x7e]+$/, "The Idempotency-Key header must be printable ASCII without spaces.");

export const orderIdSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, "Not an order id.");

export const listOrdersQuerySchema = z.object({
  status: orderStatusSchema.optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuerySchema>;

export const cancelOrderBodySchema = z.object({ reason: z.string().trim().max(500).optional() }).strict();
