// Admin inputs of the inventory engine (PATCH one SKU, bulk import), parsed at the route edge.
import { z } from "zod";
import { MAX_STOCK } from "@/lib/constants";
import { text } from "@/lib/schemas/text";

export { MAX_STOCK };
export const MAX_BULK_ROWS = 5000;

const stock = z.int().min(0).max(MAX_STOCK);
const adjust = z.int().min(-MAX_STOCK).max(MAX_STOCK);
/** null clears the item's own threshold (the store's lowStockDefault applies again). */
const lowStockThreshold = z.int().min(0).max(MAX_STOCK).nullable();
export const reasonSchema = text({ min: 1, max: 500 });
export const skuSchema = text({ min: 1, max: 100 });

type StockChange = { stock?: number | undefined; adjust?: number | undefined; lowStockThreshold?: number | null | undefined };

/** Exactly one of stock / adjust for a stock change, or a threshold alone. */
function checkOneChange(v: StockChange, ctx: z.RefinementCtx) {
  if (v.stock !== undefined && v.adjust !== undefined) {
    ctx.addIssue({ code: "custom", path: ["adjust"], message: "Give either stock (the new level) or adjust (a change), not both." });
  } else if (v.stock === undefined && v.adjust === undefined && v.lowStockThreshold === undefined) {
    ctx.addIssue({ code: "custom", path: ["stock"], message: "Give stock, adjust or lowStockThreshold." });
  }
}

export const adjustStockInputSchema = z
  .object({
    stock: stock.optional(),
    adjust: adjust.optional(),
    lowStockThreshold: lowStockThreshold.optional(),
    /** Compare-and-set: 409 STOCK_CHANGED { stock } unless the stock is still this. */
    expectedStock: stock.optional(),
    reason: reasonSchema,
  })
  .strict()
  .superRefine(checkOneChange);
export type AdjustStockInput = z.infer<typeof adjustStockInputSchema>;

export const bulkAdjustRowSchema = z
  .object({ sku: skuSchema, stock: stock.optional(), adjust: adjust.optional(), lowStockThreshold: lowStockThreshold.optional(), expectedStock: stock.optional() })
  .strict()
  .superRefine(checkOneChange);
export type BulkAdjustRowInput = z.infer<typeof bulkAdjustRowSchema>;

export const bulkAdjustInputSchema = z
  .object({ items: z.array(bulkAdjustRowSchema).min(1).max(MAX_BULK_ROWS), reason: reasonSchema })
  .strict();
export type BulkAdjustInput = z.infer<typeof bulkAdjustInputSchema>;
