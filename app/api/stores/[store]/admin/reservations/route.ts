// GET admin/reservations?status=active&sku=&cursor=&limit= → { items, nextCursor }
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { listReservationsQuerySchema } from "@/lib/admin/schemas";
import { listReservations } from "@/lib/admin/list-reservations";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(listReservationsQuerySchema, searchParamsOf(req));
  return adminJson(await listReservations(requestDeps(), { storeId: store.id, ...query }));
});
