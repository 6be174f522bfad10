// GET admin/orders?status=&cursor=&limit= → { items: [order], nextCursor }, newest first.
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { listOrdersQuerySchema } from "@/lib/orders/schemas";
import { listStoreOrders } from "@/lib/orders/list-store-orders";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(listOrdersQuerySchema, searchParamsOf(req));
  return adminJson(await listStoreOrders(requestDeps(), { storeId: store.id, ...query }));
});
