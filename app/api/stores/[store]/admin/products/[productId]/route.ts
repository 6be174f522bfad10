// GET admin/products/{id} → { product }; PATCH (partial, null clears) → { product }.
// status ARCHIVED stops new holds (NOT_AVAILABLE); existing holds and orders run to their end.
import { adminJson, adminRoute, adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { catalogIdSchema, updateProductInputSchema } from "@/lib/catalog/admin/schemas";
import { getAdminProduct, updateProduct } from "@/lib/catalog/admin/products";

type Params = { store: string; productId: string };

export const GET = adminRoute<Params>(async ({ admin: { store }, deps, params }) => {
  const productId = parseWith(catalogIdSchema, params.productId);
  return adminJson({ product: await getAdminProduct(deps, { storeId: store.id, productId }) });
});

export const PATCH = adminWriteRoute<Params>(async ({ admin: { store, actor }, deps, params, json }) => {
  const productId = parseWith(catalogIdSchema, params.productId);
  const changes = parseWith(updateProductInputSchema, json());
  return { status: 200, body: { product: await updateProduct(deps, { storeId: store.id, productId, actor, changes }) } };
});
