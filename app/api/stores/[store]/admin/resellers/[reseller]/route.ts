// DELETE admin/resellers/{store} → 200 { revoked }: the reseller's listings of this store's items take
// no new holds from now on (existing holds and orders run to their end). 404 when no live grant.
import { adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { storeSlugSchema } from "@/lib/catalog/admin/schemas";
import { revokeReseller } from "@/lib/catalog/admin/grants";

export const DELETE = adminWriteRoute<{ store: string; reseller: string }>(async ({ admin: { store, actor }, deps, params }) => {
  const reseller = parseWith(storeSlugSchema, params.reseller);
  return { status: 200, body: await revokeReseller(deps, { storeId: store.id, resellerSlug: reseller, actor }) };
});
