// GET admin/orders/{orderId} → 200 { order, holds, payment: { provider, reference, status, history }, movements }.
import { parseWith, route } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { getAdminOrder } from "@/lib/orders/get-admin-order";
import { orderIdSchema } from "@/lib/orders/schemas";
import { adminJson, requestDeps } from "../../_shared/respond";

type Ctx = { params: Promise<{ store: string; orderId: string }> };

export const GET = route(async (req: Request, { params }: Ctx) => {
  const { store: slug, orderId } = await params;
  const { store } = await authorizeStoreAdmin(req, slug);
  return adminJson(await getAdminOrder(requestDeps(), { storeId: store.id, orderId: parseWith(orderIdSchema, orderId) }));
});
