// GET admin/health → { score, status, checks: [{ name, label, status, value, hint }], jobs }.
import { route } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { getHealth } from "@/lib/health/get-health";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  return adminJson(await getHealth(requestDeps(), { storeId: store.id }));
});
