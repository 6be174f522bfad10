// GET admin/supplier-items ?supplier=&q=&cursor=&limit= → { items: [{ supplierStore, sku, productTitle,
// variantTitle, available, listed }], nextCursor } — what the store's suppliers offer it; 403 for a
// supplier that has not granted it.
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { supplierItemsQuerySchema } from "@/lib/catalog/admin/schemas";
import { listSupplierItems } from "@/lib/catalog/admin/grants";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(supplierItemsQuerySchema, searchParamsOf(req));
  return adminJson(await listSupplierItems(deps, { storeId: store.id, ...query }));
});
