// GET admin/suppliers → { items: [{ store, name, since }] } — stores whose items this store may list.
import { listSuppliers } from "@/lib/catalog/admin/grants";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps }) => {
  return adminJson({ items: await listSuppliers(deps, { storeId: store.id }) });
});
