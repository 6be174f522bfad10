// DELETE admin/tokens/{id} → { token } (revoked; it stops working at once). Session only.
import { parseWith, route } from "@/lib/http/route";
import { authorizeStoreAdminSession } from "@/lib/auth/admin";
import { tokenIdSchema } from "@/lib/tokens/schemas";
import { revokeApiToken } from "@/lib/tokens/revoke-api-token";
import { adminJson, requestDeps } from "../../_shared/respond";

type Ctx = { params: Promise<{ store: string; id: string }> };

export const DELETE = route(async (req, { params }: Ctx) => {
  const p = await params;
  const { store } = await authorizeStoreAdminSession(req, p.store);
  const tokenId = parseWith(tokenIdSchema, p.id);
  return adminJson({ token: await revokeApiToken(requestDeps(), { storeId: store.id, tokenId }) });
});
