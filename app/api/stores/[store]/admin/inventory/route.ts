// GET admin/inventory?state=&q=&cursor=&limit= → { items, nextCursor }
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { listInventoryQuerySchema } from "@/lib/admin/schemas";
import { listInventory } from "@/lib/admin/list-inventory";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(listInventoryQuerySchema, searchParamsOf(req));
  return adminJson(await listInventory(requestDeps(), { storeId: store.id, ...query }));
});
