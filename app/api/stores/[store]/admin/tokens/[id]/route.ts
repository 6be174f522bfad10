// DELETE admin/tokens/{id} → { token } (revoked; it stops working at once). Session only.
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { tokenIdSchema } from "@/lib/tokens/schemas";
import { revokeApiToken } from "@/lib/tokens/revoke-api-token";
import { TOKENS_SESSION_ONLY } from "../session-only";

export const DELETE = adminRoute<{ store: string; id: string }>(
  async ({ admin: { store }, deps, params }) => {
    const tokenId = parseWith(tokenIdSchema, params.id);
    return adminJson({ token: await revokeApiToken(deps, { storeId: store.id, tokenId }) });
  },
  { sessionOnly: TOKENS_SESSION_ONLY },
);
