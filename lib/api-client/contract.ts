// The JSON shapes of API.md that the storefront reads, from the domains' schemas.ts: one definition
// on both sides of the wire.
import { z } from "zod";
import type { stockStateSchema } from "@/lib/catalog/schemas";
import { orderSchema } from "@/lib/orders/schemas";

export { orderSchema };

export { cartResponseSchema } from "@/lib/cart/schemas";
export type { CartIssue, CartIssueCode, CartLine, CartView as Cart } from "@/lib/cart/schemas";
export { stockLevelsResponseSchema } from "@/lib/catalog/schemas";
export type { ProductCard, ProductDetail, StockLevelsResponse } from "@/lib/catalog/schemas";
export { checkoutResponseSchema } from "@/lib/orders/schemas";
export type { CheckoutResponse, OrderStatus, OrderView as Order } from "@/lib/orders/schemas";

export type StockState = z.infer<typeof stockStateSchema>;
export type StockLevel = { variantId: string; available: number; state: StockState };

/** GET /orders/{id}. */
export const orderResponseSchema = z.object({ order: orderSchema });
