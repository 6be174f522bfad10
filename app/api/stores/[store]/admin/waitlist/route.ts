// GET admin/waitlist?sku=&status= → { items: [{ id, sku, quantity, status, email, createdAt,
// offeredAt, offerExpiresAt, … }], summary }: entries and offers, newest first (docs/waitlist.md).
import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { adminWaitlistQuerySchema } from "@/lib/waitlist/schemas";
import { listWaitlist } from "@/lib/waitlist/list-waitlist";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const query = parseWith(adminWaitlistQuerySchema, searchParamsOf(req));
  return adminJson(await listWaitlist(requestDeps(), { storeId: store.id, ...query }));
});
