// The stock levels the storefront polls, as lib/api-client parses them. zod/mini: the same Zod with a
// functional API and no built-in messages, so a shopper's page loads less of it (bench: the chunk
// with the schemas went from 35.5 to 27 KiB gzipped). The route-input schemas in schemas.ts, which
// re-exports these, keep full zod and its messages; they never reach the browser.
import * as z from "zod/mini";

export const stockStateSchema = z.enum(["in_stock", "low_stock", "out_of_stock", "coming_soon", "unavailable"]);

export const stockLevelSchema = z.object({ variantId: z.string(), available: z.int(), state: stockStateSchema });

export const stockLevelsResponseSchema = z.object({ items: z.array(stockLevelSchema), asOf: z.string() });
export type StockLevelsResponse = z.infer<typeof stockLevelsResponseSchema>;
