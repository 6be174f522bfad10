// The JSON shapes of API.md that the storefront reads, from the domains' response-schemas.ts (also
// re-exported by their schemas.ts, which the routes use): one definition on both sides of the wire.
// They are zod/mini schemas, so a shopper's browser loads less of Zod than with the full API.
import * as z from "zod/mini";
import type { stockStateSchema } from "@/lib/catalog/response-schemas";
import { orderSchema } from "@/lib/orders/response-schemas";

export { orderSchema };

export { cartResponseSchema } from "@/lib/cart/response-schemas";
export type { CartIssue, CartIssueCode, CartLine, CartView as Cart } from "@/lib/cart/response-schemas";
export { stockLevelsResponseSchema } from "@/lib/catalog/response-schemas";
export type { StockLevelsResponse } from "@/lib/catalog/response-schemas";
export type { ProductCard, ProductDetail } from "@/lib/catalog/schemas";
export { checkoutResponseSchema } from "@/lib/orders/response-schemas";
export type { CheckoutResponse, OrderStatus, OrderView as Order } from "@/lib/orders/response-schemas";

export type StockState = z.infer<typeof stockStateSchema>;
export type StockLevel = { variantId: string; available: number; state: StockState };

/** GET /orders/{id}. */
export const orderResponseSchema = z.object({ order: orderSchema });
