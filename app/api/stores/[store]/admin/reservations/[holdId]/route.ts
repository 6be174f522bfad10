// DELETE admin/reservations/{holdId}?reason= → { hold } (released: its units are available again).
// 404 for a hold the store cannot see; 409 CONFLICT for one no longer active or held by an order.
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { idParamSchema, releaseReservationQuerySchema } from "@/lib/admin/schemas";
import { releaseHold } from "@/lib/inventory/release-hold";
import { adminWrite } from "../../_shared/write";

type Ctx = { params: Promise<{ store: string; holdId: string }> };

export const DELETE = route(async (req, { params }: Ctx) => {
  const p = await params;
  return adminWrite(req, p.store, async ({ store, actor, deps }) => {
    const holdId = parseWith(idParamSchema, p.holdId);
    const { reason } = parseWith(releaseReservationQuerySchema, searchParamsOf(req));
    const hold = await releaseHold(deps, { storeId: store.id, holdId, reason: reason ?? "released by admin", actor });
    return { status: 200, body: { hold } };
  });
});
