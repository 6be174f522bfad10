// Shapes of the order API: the order as API.md shows it, and the inputs parsed at the route edge.
import { z } from "zod";
import { text } from "@/lib/schemas/text";
import { orderStatusSchema } from "./response-schemas";

export {
  checkoutBodySchema,
  checkoutEmailSchema,
  checkoutResponseSchema,
  orderLineSchema,
  orderPaymentSchema,
  orderSchema,
  orderStatusSchema,
  type CheckoutBody,
  type CheckoutResponse,
  type OrderStatus,
  type OrderView,
} from "./response-schemas";

/** Idempotency-Key header: printable ASCII, 1..200 characters (Stripe's convention is up to 255). */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1, "The Idempotency-Key header must not be empty.")
  .max(200, "The Idempotency-Key header is at most 200 characters.")
  .regex(/^[\x21-\x7e]+$/, "The Idempotency-Key header must be printable ASCII without spaces.");

export const orderIdSchema = text({ min: 1, max: 100, trim: false }).regex(/^[A-Za-z0-9_-]+$/, "Not an order id.");

export const listOrdersQuerySchema = z.object({
  status: z.optional(orderStatusSchema),
  /** An order number (`1042` or `#1042`) or an email (whole, case-insensitive). */
  q: z
    .string()
    .trim()
    .max(254)
    .regex(/^(?:[^\u0000-\u001f\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/, "No control characters or broken text.")
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
  cursor: text({ max: 400, trim: false }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuerySchema>;

export const cancelOrderBodySchema = z.object({ reason: text({ max: 500 }).optional() }).strict();
