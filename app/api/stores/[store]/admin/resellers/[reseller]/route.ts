// DELETE admin/resellers/{store} → 200 { revoked }: the reseller's listings of this store's items take
// no new holds from now on (existing holds and orders run to their end). 404 when no live grant.
import { parseWith, route } from "@/lib/http/route";
import { storeSlugSchema } from "@/lib/catalog/admin/schemas";
import { revokeReseller } from "@/lib/catalog/admin/grants";
import { adminWrite } from "../../_shared/write";

type Ctx = { params: Promise<{ store: string; reseller: string }> };

export const DELETE = route(async (req, { params }: Ctx) => {
  const p = await params;
  return adminWrite(req, p.store, async ({ store, actor, deps }) => {
    const reseller = parseWith(storeSlugSchema, p.reseller);
    return { status: 200, body: await revokeReseller(deps, { storeId: store.id, resellerSlug: reseller, actor }) };
  });
});
