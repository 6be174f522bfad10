// GET admin/orders/{orderId} → 200 { order, holds, payment: { provider, reference, status, history }, movements }.
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { getAdminOrder } from "@/lib/orders/get-admin-order";
import { orderIdSchema } from "@/lib/orders/schemas";

export const GET = adminRoute<{ store: string; orderId: string }>(async ({ admin: { store }, deps, params }) =>
  adminJson(await getAdminOrder(deps, { storeId: store.id, orderId: parseWith(orderIdSchema, params.orderId) })),
);
