// The order as API.md shows it, parsed by lib/api-client in the browser. zod/mini: the same Zod with a
// functional API and no built-in messages, so a shopper's page loads less of it (bench: the chunk
// with the schemas went from 35.5 to 27 KiB gzipped). The route-input schemas in schemas.ts, which
// re-exports these, keep full zod and its messages; they never reach the browser.
import * as z from "zod/mini";
import { cartSchema } from "@/lib/cart/response-schemas";

export const orderStatusSchema = z.enum(["PENDING_PAYMENT", "PAID", "CANCELLED"]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderLineSchema = z.object({
  variantId: z.string(),
  sku: z.string(),
  productTitle: z.string(),
  variantTitle: z.string(),
  unitPriceCents: z.int(),
  quantity: z.int(),
  lineTotalCents: z.int(),
});

export const orderPaymentSchema = z.object({
  provider: z.string(),
  status: z.enum(["PENDING", "SUCCEEDED", "FAILED", "CANCELLED", "REFUNDED"]),
  /** Where to pay, while the payment is open; null afterwards. */
  redirectUrl: z.nullable(z.string()),
});

export const orderSchema = z.object({
  id: z.string(),
  number: z.int(),
  store: z.string(),
  status: orderStatusSchema,
  lines: z.array(orderLineSchema),
  totalCents: z.int(),
  currency: z.string(),
  paymentDeadline: z.string(),
  createdAt: z.string(),
  paidAt: z.nullable(z.string()),
  cancelledAt: z.nullable(z.string()),
  cancelReason: z.nullable(z.string()),
  /** The contact given at checkout (a guest's, or the signed-in shopper's account email). */
  email: z.nullable(z.string()),
  payment: z.nullable(orderPaymentSchema),
});
export type OrderView = z.infer<typeof orderSchema>;

export const checkoutResponseSchema = z.object({
  order: orderSchema,
  payment: z.object({ provider: z.string(), redirectUrl: z.nullable(z.string()) }),
});
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

/** A shopper's email at checkout: the same rule in the checkout form and at the route. */
export const checkoutEmailSchema = z.pipe(
  z.string().check(z.trim(), z.toLowerCase()),
  z.email({ error: "Enter an email address like name@example.com." }).check(z.maxLength(254, { error: "That email address is too long." })),
);

/** POST checkout's body: `{ email? }` (nothing else). */
export const checkoutBodySchema = z.strictObject({ email: z.optional(checkoutEmailSchema) });
export type CheckoutBody = z.infer<typeof checkoutBodySchema>;

/** POST /orders/{id}/put-back: the cart after the order's lines went back in, and a note per line not held in full. */
export const putBackResponseSchema = z.object({
  cart: cartSchema,
  notes: z.array(
    z.object({
      variantId: z.string(),
      productTitle: z.string(),
      requested: z.int(),
      held: z.int(),
      reason: z.string(),
      message: z.string(),
    }),
  ),
});
export type PutBackResponse = z.infer<typeof putBackResponseSchema>;
