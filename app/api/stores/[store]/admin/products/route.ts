// GET admin/products ?status=&q=&cursor=&limit= → { items: [product], nextCursor }
// POST admin/products { title, slug?, …, variants: [variantInput] } → 201 { product }; all or nothing;
// 409 CONFLICT details.field slug | sku; 403 for a supplier that has not granted this store.
import { adminJson, adminRoute, adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { createProductInputSchema, listProductsQuerySchema } from "@/lib/catalog/admin/schemas";
import { createProduct, listAdminProducts } from "@/lib/catalog/admin/products";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(listProductsQuerySchema, searchParamsOf(req));
  return adminJson(await listAdminProducts(deps, { storeId: store.id, ...query }));
});

export const POST = adminWriteRoute(async ({ admin: { store, actor }, deps, json }) => {
  const input = parseWith(createProductInputSchema, json());
  return { status: 201, body: { product: await createProduct(deps, { storeId: store.id, actor, ...input }) } };
});
