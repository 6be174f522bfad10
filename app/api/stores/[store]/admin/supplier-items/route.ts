// GET admin/supplier-items ?supplier=&q=&cursor=&limit= → { items: [{ supplierStore, sku, productTitle,
// variantTitle, available, listed }], nextCursor } — what the store's suppliers offer it; 403 for a
// supplier that has not granted it.
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { supplierItemsQuerySchema } from "@/lib/catalog/admin/schemas";
import { listSupplierItems } from "@/lib/catalog/admin/grants";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(supplierItemsQuerySchema, searchParamsOf(req));
  return adminJson(await listSupplierItems(requestDeps(), { storeId: store.id, ...query }));
});
