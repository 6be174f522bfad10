// GET admin/events?after=<eventId>&types=&limit= → { items, nextAfter }, oldest first: the same
// events the webhooks carry, kept 30 days.
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { listEvents } from "@/lib/events/list-events";
import { eventsQuerySchema } from "@/lib/events/schemas";
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(eventsQuerySchema, searchParamsOf(req));
  return adminJson(await listEvents(requestDeps(), { storeId: store.id, storeSlug: store.slug, ...query }));
});
