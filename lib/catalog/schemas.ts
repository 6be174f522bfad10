// The catalogue's wire shapes: query strings of the public stock and product routes, and the
// responses lib/api-client parses with the same schemas.
import { z } from "zod";
import { text } from "@/lib/schemas/text";
import { stockStateSchema } from "./response-schemas";

export const MAX_STOCK_IDS = 100;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 24;

const emptyAsMissing = (v: unknown) => (v === "" ? undefined : v);

export { stockLevelSchema, stockLevelsResponseSchema, stockStateSchema, type StockLevelsResponse } from "./response-schemas";

/** GET /stock?variantIds=a,b,c: 1..100 comma-separated ids (duplicates count once). */
export const stockQuerySchema = z.object({
  variantIds: z
    .string({ error: "variantIds is required: a comma-separated list of variant ids." })
    .pipe(text({ max: 100 * 65, trim: false }))
    .transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter((x) => x !== ""))])
    .pipe(z.array(text({ max: 64, trim: false })).min(1, "Give at least one variant id.").max(MAX_STOCK_IDS, `At most ${MAX_STOCK_IDS} variant ids.`)),
});
export type StockQuery = z.infer<typeof stockQuerySchema>;

/** GET /products?cursor=&limit= (empty values mean "not given"). */
export const productsQuerySchema = z.object({
  cursor: z.preprocess(emptyAsMissing, text({ max: 200, trim: false }).optional()),
  limit: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE)),
});
export type ProductsQuery = z.infer<typeof productsQuerySchema>;

export const productVariantSchema = z.object({
  id: z.string(),
  sku: z.string(),
  title: z.string(),
  priceCents: z.number().int(),
  available: z.number().int(),
  state: stockStateSchema,
});

export const productCardSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  /** The lowest variant price. */
  priceCents: z.number().int(),
  releaseAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  perCustomerLimit: z.number().int().nullable(),
  /** Summed over the variants; `state` is the best of theirs. */
  available: z.number().int(),
  state: stockStateSchema,
  variants: z.array(productVariantSchema),
});
export type ProductCard = z.infer<typeof productCardSchema>;

export const productDetailSchema = productCardSchema.extend({ description: z.string() });
export type ProductDetail = z.infer<typeof productDetailSchema>;

export const productsResponseSchema = z.object({ items: z.array(productCardSchema), nextCursor: z.string().nullable() });
export type ProductsResponse = z.infer<typeof productsResponseSchema>;
