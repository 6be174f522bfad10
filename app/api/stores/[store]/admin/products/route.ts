// GET admin/products ?status=&q=&cursor=&limit= → { items: [product], nextCursor }
// POST admin/products { title, slug?, …, variants: [variantInput] } → 201 { product }; all or nothing;
// 409 CONFLICT details.field slug | sku; 403 for a supplier that has not granted this store.
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { createProductInputSchema, listProductsQuerySchema } from "@/lib/catalog/admin/schemas";
import { createProduct, listAdminProducts } from "@/lib/catalog/admin/products";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";
import { adminWrite } from "../_shared/write";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(listProductsQuerySchema, searchParamsOf(req));
  return adminJson(await listAdminProducts(requestDeps(), { storeId: store.id, ...query }));
});

export const POST = route(async (req, { params }: StoreCtx) =>
  adminWrite(req, (await params).store, async ({ store, actor, json, deps }) => {
    const input = parseWith(createProductInputSchema, json());
    return { status: 201, body: { product: await createProduct(deps, { storeId: store.id, actor, ...input }) } };
  }),
);
