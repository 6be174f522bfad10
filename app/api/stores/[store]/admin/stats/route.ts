// GET admin/stats?range=24h|7d|30d&items=6 → chart data from the stock ledger: holds created / sold /
// expired / released per bucket, and the stock of today's low items over the range.
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { statsQuerySchema } from "@/lib/dashboard/schemas";
import { getAdminStats } from "@/lib/dashboard/get-admin-stats";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(statsQuerySchema, searchParamsOf(req));
  return adminJson({ stats: await getAdminStats(requestDeps(), { storeId: store.id, ...query }) });
});
