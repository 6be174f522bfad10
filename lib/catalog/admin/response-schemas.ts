// The JSON the catalogue admin API answers with (docs/catalogue.md): one definition for both sides of
// the wire, as lib/admin/response-schemas.ts is for the rest of the admin API. The domain functions'
// result types are these schemas' types, the OpenAPI document (lib/openapi) describes the routes with
// them, and the dashboard (lib/api-client/catalog-admin.ts) parses every response with them;
// response-schemas.test.ts fails to compile when a domain result and its schema part.
import { z } from "zod";

const iso = z.string();
const int = z.number().int();

export const productStatuses = ["DRAFT", "ACTIVE", "ARCHIVED"] as const;
export type ProductStatus = (typeof productStatuses)[number];

/** A product's variant with the stock it sells from: its own item, or a supplier's (`owned: false`). */
export const adminVariantSchema = z.object({
  id: z.string(),
  sku: z.string(),
  title: z.string(),
  priceCents: int,
  position: int,
  owned: z.boolean(),
  /** The supplier's slug when the item is another store's; null for an own item. */
  supplierStore: z.string().nullable(),
  archived: z.boolean(),
  stock: int,
  reserved: int,
  /** What shoppers could take now (lapsed holds count as free). */
  available: int,
});
export type AdminVariantView = z.infer<typeof adminVariantSchema>;

export const adminProductSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  imageUrl: z.string().nullable(),
  status: z.enum(productStatuses),
  releaseAt: iso.nullable(),
  endsAt: iso.nullable(),
  perCustomerLimit: int.nullable(),
  createdAt: iso,
  updatedAt: iso,
  variants: z.array(adminVariantSchema),
});
export type AdminProductView = z.infer<typeof adminProductSchema>;

export const productsPageSchema = z.object({ items: z.array(adminProductSchema), nextCursor: z.string().nullable() });
export const productResponseSchema = z.object({ product: adminProductSchema });
export const variantResponseSchema = z.object({ variant: adminVariantSchema });
/** DELETE a variant: removed when nothing refers to it, else archived (`details.archived`). */
export const deletedVariantSchema = z.object({ deleted: z.boolean(), archived: z.boolean(), details: z.object({ archived: z.literal(true) }).optional() });

/** A live supplier grant, from either side: the other store's slug and name, and since when. */
export const grantSchema = z.object({ store: z.string(), name: z.string(), since: iso });
export type GrantView = z.infer<typeof grantSchema>;
export const grantsSchema = z.object({ items: z.array(grantSchema) });
/** POST resellers: 201 with `created: true`, or 200 with `created: false` when the grant was live already. */
export const grantResponseSchema = z.object({ grant: grantSchema, created: z.boolean() });
export const revokedSchema = z.object({ revoked: grantSchema });

/** An item a supplier lets this store list. */
export const supplierItemSchema = z.object({
  supplierStore: z.string(),
  sku: z.string(),
  productTitle: z.string().nullable(),
  variantTitle: z.string().nullable(),
  available: int,
  /** This store already lists it. */
  listed: z.boolean(),
});
export type SupplierItemView = z.infer<typeof supplierItemSchema>;
export const supplierItemsPageSchema = z.object({ items: z.array(supplierItemSchema), nextCursor: z.string().nullable() });
