// The cart as the API answers it, parsed by lib/api-client in the browser. zod/mini: the same Zod with a
// functional API and no built-in messages, so a shopper's page loads less of it (bench: the chunk
// with the schemas went from 35.5 to 27 KiB gzipped). The route-input schemas in schemas.ts, which
// re-exports these, keep full zod and its messages; they never reach the browser.
import * as z from "zod/mini";

export const cartIssueCodeSchema = z.enum(["HOLD_EXPIRED", "QUANTITY_REDUCED", "OUT_OF_STOCK", "NOT_AVAILABLE"]);
export type CartIssueCode = z.infer<typeof cartIssueCodeSchema>;

export const cartLineSchema = z.object({
  variantId: z.string(),
  productTitle: z.string(),
  variantTitle: z.string(),
  unitPriceCents: z.int(),
  /** What the shopper asked for. */
  quantity: z.int(),
  /** What is held for them now (live holds only). */
  held: z.int(),
  holdExpiresAt: z.nullable(z.string()),
  /** Units this shopper could have on this line: their live hold + what anyone could take. */
  available: z.int(),
});
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartIssueSchema = z.object({
  variantId: z.string(),
  code: cartIssueCodeSchema,
  message: z.string(),
  requested: z.int(),
  available: z.int(),
});
export type CartIssue = z.infer<typeof cartIssueSchema>;

export const cartSchema = z.object({
  /** null: no cart yet. */
  id: z.nullable(z.string()),
  /** The store's slug. */
  store: z.string(),
  lines: z.array(cartLineSchema),
  issues: z.array(cartIssueSchema),
  /** When the first live hold lapses; null when nothing is held. */
  expiresAt: z.nullable(z.string()),
  extensionsLeft: z.int(),
  subtotalCents: z.int(),
  currency: z.string(),
});
export type CartView = z.infer<typeof cartSchema>;

export const cartResponseSchema = z.object({ cart: cartSchema });
export type CartResponse = z.infer<typeof cartResponseSchema>;
