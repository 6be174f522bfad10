// The cart's wire shapes, shared by the route handlers (requests) and lib/api-client (responses).
import { z } from "zod";
import { idText } from "@/lib/schemas/text";

import { MAX_LINE_QUANTITY } from "@/lib/constants";

export { MAX_LINE_QUANTITY };

export const variantIdSchema = idText(64);

/** The route params of /cart/items/{variantId}. */
export const cartItemParamsSchema = z.object({ variantId: variantIdSchema });

/** POST /cart/items: adds `quantity` to the line. */
export const addCartItemSchema = z
  .object({
    variantId: variantIdSchema,
    quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  })
  .strict();
export type AddCartItemInput = z.infer<typeof addCartItemSchema>;

/** PATCH /cart/items/{variantId}: sets the line; 0 removes it. */
export const setCartItemSchema = z
  .object({
    quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY),
  })
  .strict();
export type SetCartItemInput = z.infer<typeof setCartItemSchema>;

export {
  cartIssueCodeSchema,
  cartIssueSchema,
  cartLineSchema,
  cartResponseSchema,
  cartSchema,
  type CartIssue,
  type CartIssueCode,
  type CartLine,
  type CartResponse,
  type CartView,
} from "./response-schemas";
