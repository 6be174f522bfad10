// GET admin/movements?sku=&cursor=&limit= → { items, nextCursor }: the stock ledger, newest first.
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { listMovementsQuerySchema } from "@/lib/admin/schemas";
import { listMovements } from "@/lib/admin/list-movements";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(listMovementsQuerySchema, searchParamsOf(req));
  return adminJson(await listMovements(requestDeps(), { storeId: store.id, ...query }));
});
