// GET admin/products/{id} → { product }; PATCH (partial, null clears) → { product }.
// status ARCHIVED stops new holds (NOT_AVAILABLE); existing holds and orders run to their end.
import { parseWith, route } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { catalogIdSchema, updateProductInputSchema } from "@/lib/catalog/admin/schemas";
import { getAdminProduct, updateProduct } from "@/lib/catalog/admin/products";
import { adminJson, requestDeps } from "../../_shared/respond";
import { adminWrite } from "../../_shared/write";

type Ctx = { params: Promise<{ store: string; productId: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const p = await params;
  const { store } = await authorizeStoreAdmin(req, p.store);
  const productId = parseWith(catalogIdSchema, p.productId);
  return adminJson({ product: await getAdminProduct(requestDeps(), { storeId: store.id, productId }) });
});

export const PATCH = route(async (req, { params }: Ctx) => {
  const p = await params;
  return adminWrite(req, p.store, async ({ store, actor, json, deps }) => {
    const productId = parseWith(catalogIdSchema, p.productId);
    const changes = parseWith(updateProductInputSchema, json());
    return { status: 200, body: { product: await updateProduct(deps, { storeId: store.id, productId, actor, changes }) } };
  });
});
