// The product form's values (what the inputs hold: strings) and the zod schemas that check them:
// the admin API's own schemas (lib/catalog/admin/schemas.ts), narrowed to what the form sends,
// behind a preprocess that turns the inputs into the API's shapes (prices in cents, local
// date-times into instants). What the form accepts, the route accepts.
import { z } from "zod";
import {
  createProductInputSchema,
  MAX_VARIANTS,
  ownVariantInputSchema,
  updateProductInputSchema,
  updateVariantInputSchema,
  catalogIdSchema,
} from "@/lib/catalog/admin/schemas";

export type VariantRowValues = {
  /** "existing": a variant of the saved product (SKU and stock are not edited here); "new": added in this form. */
  kind: "new" | "existing";
  id: string;
  sku: string;
  title: string;
  /** The price in the store's currency, as typed ("25" or "25.00"). */
  priceCents: string;
  /** Opening stock (new rows only). */
  stock: string;
};

export type ProductFormValues = {
  title: string;
  slug: string;
  description: string;
  imageUrl: string;
  status: "DRAFT" | "ACTIVE" | "ARCHIVED";
  /** datetime-local values, in the admin's time zone. */
  releaseAt: string;
  endsAt: string;
  perCustomerLimit: string;
  variants: VariantRowValues[];
};

export const emptyVariantRow = (): VariantRowValues => ({ kind: "new", id: "", sku: "", title: "", priceCents: "", stock: "0" });

/** "25", "25.5", "25.50" → 2550; anything else is left as text for the schema to refuse. */
export function priceToCents(text: string): number | string {
  const t = text.trim().replace(/,/g, "");
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return t;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export function centsToPrice(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** A datetime-local value ("2027-01-05T09:30") read in the browser's time zone, as an ISO instant; "" → null. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** An ISO instant as a datetime-local value in the browser's time zone. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function wholeNumber(text: string): number | string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

const newRowSchema = ownVariantInputSchema.extend({ kind: z.literal("new") });
const existingRowSchema = updateVariantInputSchema.safeExtend({ kind: z.literal("existing"), id: catalogIdSchema });

function rowInput(row: VariantRowValues) {
  const common = { kind: row.kind, title: row.title, priceCents: priceToCents(row.priceCents) };
  return row.kind === "existing" ? { ...common, id: row.id } : { ...common, sku: row.sku.trim(), stock: wholeNumber(row.stock) ?? 0 };
}

function productInput(v: ProductFormValues, mode: "create" | "edit") {
  // On create an empty optional field is left out (a missing slug is derived from the title); on edit it clears the field.
  const blank = mode === "create" ? undefined : null;
  const limit = wholeNumber(v.perCustomerLimit);
  return {
    title: v.title,
    ...(v.slug.trim() ? { slug: v.slug.trim() } : {}),
    description: v.description.trim() ? v.description : mode === "create" ? undefined : "",
    imageUrl: v.imageUrl.trim() ? v.imageUrl : blank,
    status: v.status,
    releaseAt: localInputToIso(v.releaseAt) ?? blank,
    endsAt: localInputToIso(v.endsAt) ?? blank,
    perCustomerLimit: limit ?? blank,
    variants: v.variants.map(rowInput),
  };
}

/** New product: the route's create schema, with own items only (listings are made from a supplier's item). */
export const createProductFormSchema = z.preprocess(
  (v: ProductFormValues) => productInput(v, "create"),
  createProductInputSchema.safeExtend({
    variants: z.array(newRowSchema).min(1, { message: "At least one variant." }).max(MAX_VARIANTS, { message: `At most ${MAX_VARIANTS} variants.` }),
  }),
);
export type CreateProductFormOutput = z.output<typeof createProductFormSchema>;

/** A saved product: the route's update schema for its fields; each variant row by the variant routes' schemas. */
export const editProductFormSchema = z.preprocess(
  (v: ProductFormValues) => productInput(v, "edit"),
  updateProductInputSchema.safeExtend({
    variants: z.array(z.discriminatedUnion("kind", [newRowSchema, existingRowSchema])).max(MAX_VARIANTS, { message: `At most ${MAX_VARIANTS} variants.` }),
  }),
);
export type EditProductFormOutput = z.output<typeof editProductFormSchema>;
