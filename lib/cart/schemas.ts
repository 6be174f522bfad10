// The cart's wire shapes, shared by the route handlers (requests) and lib/api-client (responses).
import { z } from "zod";

export const MAX_LINE_QUANTITY = 99;

export const variantIdSchema = z.string().min(1).max(64);

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

export const cartIssueCodeSchema = z.enum(["HOLD_EXPIRED", "QUANTITY_REDUCED", "OUT_OF_STOCK", "NOT_AVAILABLE"]);
export type CartIssueCode = z.infer<typeof cartIssueCodeSchema>;

export const cartLineSchema = z.object({
  variantId: z.string(),
  productTitle: z.string(),
  variantTitle: z.string(),
  unitPriceCents: z.number().int(),
  /** What the shopper asked for. */
  quantity: z.number().int(),
  /** What is held for them now (live holds only). */
  held: z.number().int(),
  holdExpiresAt: z.string().nullable(),
  /** Units this shopper could have on this line: their live hold + what anyone could take. */
  available: z.number().int(),
});
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartIssueSchema = z.object({
  variantId: z.string(),
  code: cartIssueCodeSchema,
  message: z.string(),
  requested: z.number().int(),
  available: z.number().int(),
});
export type CartIssue = z.infer<typeof cartIssueSchema>;

export const cartSchema = z.object({
  /** null: no cart yet. */
  id: z.string().nullable(),
  /** The store's slug. */
  store: z.string(),
  lines: z.array(cartLineSchema),
  issues: z.array(cartIssueSchema),
  /** When the first live hold lapses; null when nothing is held. */
  expiresAt: z.string().nullable(),
  extensionsLeft: z.number().int(),
  subtotalCents: z.number().int(),
  currency: z.string(),
});
export type CartView = z.infer<typeof cartSchema>;

export const cartResponseSchema = z.object({ cart: cartSchema });
export type CartResponse = z.infer<typeof cartResponseSchema>;
