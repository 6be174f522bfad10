// The catalogue admin response schemas against the domain functions whose results the routes send:
// the types must be equal (tsc fails on drift either way), a result of the domain's type parses
// unchanged, and what the dashboard could not show is refused.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { grantReseller, listResellers, listSupplierItems, revokeReseller } from "./grants";
import type { createProduct, getAdminProduct, listAdminProducts, updateProduct } from "./products";
import type { addVariant, deleteVariant, updateVariant } from "./variants";
import * as s from "./response-schemas";

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const variant: s.AdminVariantView = { id: "v1", sku: "TEE-M", title: "M", priceCents: 2500, position: 0, owned: true, supplierStore: null, archived: false, stock: 5, reserved: 1, available: 4 };
const product: Result<typeof getAdminProduct> = {
  id: "p1",
  slug: "tee",
  title: "Tee",
  description: "",
  imageUrl: null,
  status: "ACTIVE",
  releaseAt: null,
  endsAt: "2026-12-31T00:00:00.000Z",
  perCustomerLimit: 2,
  createdAt: "2026-12-06T10:00:00.000Z",
  updatedAt: "2026-12-06T10:00:00.000Z",
  variants: [variant, { ...variant, id: "v2", owned: false, supplierStore: "maker" }],
};

describe("catalogue admin response schemas", () => {
  it("have the types of the domain results the routes send", () => {
    expectTypeOf<z.infer<typeof s.productsPageSchema>>().toEqualTypeOf<Result<typeof listAdminProducts>>();
    expectTypeOf<z.infer<typeof s.adminProductSchema>>().toEqualTypeOf<Result<typeof getAdminProduct>>();
    expectTypeOf<z.infer<typeof s.adminProductSchema>>().toEqualTypeOf<Result<typeof createProduct>>();
    expectTypeOf<z.infer<typeof s.adminProductSchema>>().toEqualTypeOf<Result<typeof updateProduct>>();
    expectTypeOf<z.infer<typeof s.adminVariantSchema>>().toEqualTypeOf<Result<typeof addVariant>>();
    expectTypeOf<z.infer<typeof s.adminVariantSchema>>().toEqualTypeOf<Result<typeof updateVariant>>();
    expectTypeOf<Result<typeof deleteVariant>>().toExtend<z.infer<typeof s.deletedVariantSchema>>();
    expectTypeOf<z.infer<typeof s.grantSchema>[]>().toEqualTypeOf<Result<typeof listResellers>>();
    expectTypeOf<z.infer<typeof s.grantResponseSchema>>().toEqualTypeOf<Result<typeof grantReseller>>();
    expectTypeOf<z.infer<typeof s.revokedSchema>>().toEqualTypeOf<Result<typeof revokeReseller>>();
    expectTypeOf<z.infer<typeof s.supplierItemsPageSchema>>().toEqualTypeOf<Result<typeof listSupplierItems>>();
  });

  it("parse a domain result unchanged", () => {
    expect(s.productResponseSchema.parse({ product })).toEqual({ product });
    expect(s.productsPageSchema.parse({ items: [product], nextCursor: "c" })).toEqual({ items: [product], nextCursor: "c" });
    const archived = { deleted: false, archived: true, details: { archived: true as const } };
    expect(s.deletedVariantSchema.parse(archived)).toEqual(archived);
  });

  it("refuse what the dashboard could not show: an unknown status or a missing count", () => {
    expect(s.adminProductSchema.safeParse({ ...product, status: "HIDDEN" }).success).toBe(false);
    expect(s.adminVariantSchema.safeParse({ ...variant, available: undefined }).success).toBe(false);
  });
});
