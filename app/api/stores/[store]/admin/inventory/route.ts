// GET admin/inventory?state=&q=&cursor=&limit= → { items, nextCursor }
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { listInventoryQuerySchema } from "@/lib/admin/schemas";
import { listInventory } from "@/lib/admin/list-inventory";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(listInventoryQuerySchema, searchParamsOf(req));
  return adminJson(await listInventory(deps, { storeId: store.id, ...query }));
});
