// The JSON shapes of API.md that the storefront reads. Cart and catalogue shapes come from their
// domains' schemas.ts (one definition on both sides of the wire); the order shapes are parsed here.
import { z } from "zod";
import { stockStateSchema } from "@/lib/catalog/schemas";

export { cartResponseSchema } from "@/lib/cart/schemas";
export type { CartIssue, CartIssueCode, CartLine, CartView as Cart } from "@/lib/cart/schemas";
export { stockLevelsResponseSchema } from "@/lib/catalog/schemas";
export type { ProductCard, ProductDetail, StockLevelsResponse } from "@/lib/catalog/schemas";

export type StockState = z.infer<typeof stockStateSchema>;
export type StockLevel = { variantId: string; available: number; state: StockState };

export const orderStatusSchema = z.enum(["PENDING_PAYMENT", "PAID", "CANCELLED"]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderLineSchema = z.object({
  variantId: z.string().nullish(),
  sku: z.string().nullish(),
  productTitle: z.string(),
  variantTitle: z.string(),
  unitPriceCents: z.number().int(),
  quantity: z.number().int(),
});

export const orderSchema = z.object({
  id: z.string(),
  number: z.union([z.number(), z.string()]),
  status: orderStatusSchema,
  lines: z.array(orderLineSchema),
  totalCents: z.number().int(),
  currency: z.string(),
  paymentDeadline: z.string().nullish(),
  createdAt: z.string(),
  paidAt: z.string().nullish(),
  cancelledAt: z.string().nullish(),
  cancelReason: z.string().nullish(),
});
export type Order = z.infer<typeof orderSchema>;

export const orderResponseSchema = z.object({ order: orderSchema });

export const checkoutResponseSchema = z.object({
  order: orderSchema,
  payment: z.object({ provider: z.string(), redirectUrl: z.string() }),
});
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

