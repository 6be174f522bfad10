// GET admin/health → { score, status, checks: [{ name, label, status, value, hint }], jobs }.
import { getHealth } from "@/lib/health/get-health";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps }) => {
  return adminJson(await getHealth(deps, { storeId: store.id }));
});
