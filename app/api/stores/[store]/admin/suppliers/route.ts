// GET admin/suppliers → { items: [{ store, name, since }] } — stores whose items this store may list.
import { route } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { listSuppliers } from "@/lib/catalog/admin/grants";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  return adminJson({ items: await listSuppliers(requestDeps(), { storeId: store.id }) });
});
