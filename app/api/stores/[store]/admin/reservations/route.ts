// GET admin/reservations?status=active&sku=&cursor=&limit= → { items, nextCursor }
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { listReservationsQuerySchema } from "@/lib/admin/schemas";
import { listReservations } from "@/lib/admin/list-reservations";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(listReservationsQuerySchema, searchParamsOf(req));
  return adminJson(await listReservations(deps, { storeId: store.id, ...query }));
});
