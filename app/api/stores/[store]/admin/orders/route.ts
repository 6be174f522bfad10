// GET admin/orders?status=&cursor=&limit= → { items: [order], nextCursor }, newest first.
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { listOrdersQuerySchema } from "@/lib/orders/schemas";
import { listStoreOrders } from "@/lib/orders/list-store-orders";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(listOrdersQuerySchema, searchParamsOf(req));
  return adminJson(await listStoreOrders(deps, { storeId: store.id, ...query }));
});
