// GET admin/events?after=<eventId>&types=&limit= → { items, nextAfter }, oldest first: the same
// events the webhooks carry, kept 30 days.
import { listEvents } from "@/lib/events/list-events";
import { eventsQuerySchema } from "@/lib/events/schemas";
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(eventsQuerySchema, searchParamsOf(req));
  return adminJson(await listEvents(deps, { storeId: store.id, storeSlug: store.slug, ...query }));
});
