// GET admin/movements?sku=&cursor=&limit= → { items, nextCursor }: the stock ledger, newest first.
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { listMovementsQuerySchema } from "@/lib/admin/schemas";
import { listMovements } from "@/lib/admin/list-movements";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(listMovementsQuerySchema, searchParamsOf(req));
  return adminJson(await listMovements(deps, { storeId: store.id, ...query }));
});
