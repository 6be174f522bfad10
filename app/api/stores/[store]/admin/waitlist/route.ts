// GET admin/waitlist?sku=&status= → { items: [{ id, sku, quantity, status, email, createdAt,
// offeredAt, offerExpiresAt, … }], summary }: entries and offers, newest first (docs/waitlist.md).
import { parseWith, searchParamsOf } from "@/lib/http/route";
import { adminWaitlistQuerySchema } from "@/lib/waitlist/schemas";
import { listWaitlist } from "@/lib/waitlist/list-waitlist";
import { adminJson, adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps, req }) => {
  const query = parseWith(adminWaitlistQuerySchema, searchParamsOf(req));
  return adminJson(await listWaitlist(deps, { storeId: store.id, ...query }));
});
