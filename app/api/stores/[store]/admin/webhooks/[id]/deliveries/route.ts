// GET admin/webhooks/{id}/deliveries?cursor=&limit= → { items, nextCursor }, newest first.
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { deliveriesQuerySchema, webhookIdSchema } from "@/lib/events/schemas";
import { listDeliveries } from "@/lib/events/webhook-endpoints";
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { adminJson, requestDeps } from "../../../_shared/respond";

type Ctx = { params: Promise<{ store: string; id: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const p = await params;
  const { store } = await authorizeStoreAdmin(req, p.store);
  const webhookId = parseWith(webhookIdSchema, p.id);
  const query = parseWith(deliveriesQuerySchema, searchParamsOf(req));
  return adminJson(await listDeliveries(requestDeps(), { storeId: store.id, webhookId, ...query }));
});
