// GET admin/stats?range=24h|7d|30d&items=6 → chart data from the stock ledger: holds created / sold /
// expired / released per bucket, and the stock of today's low items over the range.
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { statsQuerySchema } from "@/lib/dashboard/schemas";
import { getAdminStats } from "@/lib/dashboard/get-admin-stats";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(statsQuerySchema, searchParamsOf(req));
  return adminJson({ stats: await getAdminStats(deps, { storeId: store.id, ...query }) });
});
