// GET admin/webhooks/{id}/deliveries?cursor=&limit= → { items, nextCursor }, newest first.
import { deliveriesQuerySchema, webhookIdSchema } from "@/lib/events/schemas";
import { listDeliveries } from "@/lib/events/webhook-endpoints";
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { parseWith, searchParamsOf } from "@/lib/http/route";

export const GET = adminRoute<{ store: string; id: string }>(async ({ admin: { store }, deps, req, params }) => {
  const webhookId = parseWith(webhookIdSchema, params.id);
  const query = parseWith(deliveriesQuerySchema, searchParamsOf(req));
  return adminJson(await listDeliveries(deps, { storeId: store.id, webhookId, ...query }));
});
