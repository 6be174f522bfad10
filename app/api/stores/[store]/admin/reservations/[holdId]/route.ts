// DELETE admin/reservations/{holdId}?reason= → { hold } (released: its units are available again).
// 404 for a hold the store cannot see; 409 CONFLICT for one no longer active or held by an order.
import { adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { idParamSchema, releaseReservationQuerySchema } from "@/lib/admin/schemas";
import { releaseHold } from "@/lib/inventory/release-hold";

export const DELETE = adminWriteRoute<{ store: string; holdId: string }>(async ({ admin: { store, actor }, deps, req, params }) => {
  const holdId = parseWith(idParamSchema, params.holdId);
  const { reason } = parseWith(releaseReservationQuerySchema, searchParamsOf(req));
  const hold = await releaseHold(deps, { storeId: store.id, holdId, reason: reason ?? "released by admin", actor });
  return { status: 200, body: { hold } };
});
