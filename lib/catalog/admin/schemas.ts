// The catalogue admin API's input shapes (API.md "Catalog and stores (admin)"): parsed at the route
// edge AND by the dashboard's product form (react-hook-form + zodResolver), so both sides of the
// wire agree on every rule.
import { z } from "zod";
import { STORE_SLUG_PATTERN } from "@/lib/constants";

export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_VARIANTS = 100;
export const MAX_OPENING_STOCK = 1_000_000;

/** Text a person typed: no NUL bytes, no lone surrogates (PostgreSQL and JSON would choke on them). */
export const cleanText = (max: number, min = 0) =>
  z
    .string()
    .max(max, { message: `At most ${max} characters.` })
    .refine((s) => !s.includes("\u0000"), { message: "Must not contain NUL bytes." })
    .refine((s) => s.isWellFormed(), { message: "Must be valid Unicode text." })
    .transform((s) => s.trim())
    .refine((s) => s.length >= min, { message: min === 1 ? "Required." : `At least ${min} characters.` });

export const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const SLUG_PATTERN = /^[a-z0-9-]{1,80}$/;

export const catalogSkuSchema = z.string().regex(SKU_PATTERN, { message: "1 to 64 letters, digits, dots, underscores or hyphens." });
export const productSlugSchema = z.string().regex(SLUG_PATTERN, { message: "1 to 80 lower-case letters, digits or hyphens." });
export const storeSlugSchema = z.string().regex(STORE_SLUG_PATTERN, { message: "1 to 63 lower-case letters, digits or hyphens (not first)." });

export const priceCentsSchema = z
  .int({ message: "A whole number of cents." })
  .min(0, { message: "At least 0." })
  .max(MAX_PRICE_CENTS, { message: `At most ${MAX_PRICE_CENTS}.` });

/** An https: URL or a path under / (a bundled image); never javascript:, data: or http:. */
export const imageUrlSchema = cleanText(2000, 1).refine(
  (s) => {
    if (s.startsWith("/")) return !s.startsWith("//") && !/[\s\\]/.test(s);
    try {
      return new URL(s).protocol === "https:";
    } catch {
      return false;
    }
  },
  { message: "An https: URL or a path starting with /." },
);

const MIN_TIME = Date.parse("2000-01-01T00:00:00Z");
const MAX_TIME = Date.parse("2200-01-01T00:00:00Z");
/** An ISO-8601 time with an offset (Z or ±hh:mm), between 2000 and 2200. */
export const isoTimeSchema = z.iso
  .datetime({ offset: true, message: "An ISO-8601 time, e.g. 2027-01-01T09:00:00Z." })
  .refine((s) => {
    const t = Date.parse(s);
    return t >= MIN_TIME && t < MAX_TIME;
  }, { message: "Between 2000 and 2200." })
  .transform((s) => new Date(s));

export const perCustomerLimitSchema = z.int({ message: "A whole number." }).min(1, { message: "At least 1." }).max(1000, { message: "At most 1000." });
export const productStatusSchema = z.enum(["DRAFT", "ACTIVE", "ARCHIVED"]);
const stockSchema = z.int().min(0).max(MAX_OPENING_STOCK);
const thresholdSchema = z.int().min(0).max(MAX_OPENING_STOCK).nullable();

/** An own item: its SKU is new in this store; `stock` is the opening stock (a ledger row). */
export const ownVariantInputSchema = z
  .object({
    sku: catalogSkuSchema,
    title: cleanText(120, 1),
    priceCents: priceCentsSchema,
    stock: stockSchema.optional(),
    lowStockThreshold: thresholdSchema.optional(),
  })
  .strict();

/** A reseller listing of a supplier's item (needs the supplier's live grant). */
export const listingVariantInputSchema = z
  .object({
    supplierStore: storeSlugSchema,
    supplierSku: catalogSkuSchema,
    title: cleanText(120, 1).optional(),
    priceCents: priceCentsSchema,
  })
  .strict();

export const variantInputSchema = z.union([ownVariantInputSchema, listingVariantInputSchema]);
export type VariantInput = z.infer<typeof variantInputSchema>;
export type OwnVariantInput = z.infer<typeof ownVariantInputSchema>;
export type ListingVariantInput = z.infer<typeof listingVariantInputSchema>;

const endsAfterRelease = (v: { releaseAt?: Date | null; endsAt?: Date | null }) =>
  !(v.releaseAt && v.endsAt && v.endsAt.getTime() <= v.releaseAt.getTime());
const endsAfterReleaseIssue = { message: "endsAt must be after releaseAt.", path: ["endsAt"] };

export const createProductInputSchema = z
  .object({
    title: cleanText(200, 1),
    slug: productSlugSchema.optional(),
    description: cleanText(5000).optional(),
    imageUrl: imageUrlSchema.nullable().optional(),
    status: z.enum(["DRAFT", "ACTIVE"]).optional(),
    releaseAt: isoTimeSchema.nullable().optional(),
    endsAt: isoTimeSchema.nullable().optional(),
    perCustomerLimit: perCustomerLimitSchema.nullable().optional(),
    variants: z.array(variantInputSchema).min(1, { message: "At least one variant." }).max(MAX_VARIANTS, { message: `At most ${MAX_VARIANTS} variants.` }),
  })
  .strict()
  .refine(endsAfterRelease, endsAfterReleaseIssue);
export type CreateProductInput = z.infer<typeof createProductInputSchema>;

export const updateProductInputSchema = z
  .object({
    title: cleanText(200, 1).optional(),
    slug: productSlugSchema.optional(),
    description: cleanText(5000).nullable().optional(),
    imageUrl: imageUrlSchema.nullable().optional(),
    status: productStatusSchema.optional(),
    releaseAt: isoTimeSchema.nullable().optional(),
    endsAt: isoTimeSchema.nullable().optional(),
    perCustomerLimit: perCustomerLimitSchema.nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Change at least one field." })
  .refine(endsAfterRelease, endsAfterReleaseIssue);
export type UpdateProductInput = z.infer<typeof updateProductInputSchema>;

export const updateVariantInputSchema = z
  .object({ title: cleanText(120, 1).optional(), priceCents: priceCentsSchema.optional(), position: z.int().min(0).max(10_000).optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Change at least one field." });
export type UpdateVariantInput = z.infer<typeof updateVariantInputSchema>;

export const listProductsQuerySchema = z.object({
  status: productStatusSchema.optional(),
  q: cleanText(100).optional().transform((v) => (v ? v : undefined)),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListProductsQuery = z.infer<typeof listProductsQuerySchema>;

export const grantInputSchema = z.object({ store: storeSlugSchema }).strict();

export const supplierItemsQuerySchema = z.object({
  supplier: storeSlugSchema.optional(),
  q: cleanText(100).optional().transform((v) => (v ? v : undefined)),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SupplierItemsQuery = z.infer<typeof supplierItemsQuerySchema>;

/** An id from the URL (product, variant). */
export const catalogIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** A slug derived from a title: lower-case ASCII words joined by hyphens ("Summit Jacket — Drop" → "summit-jacket-drop"). */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || "product";
}
