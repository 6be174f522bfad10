// POST admin/tokens { name } → 201 { token, secret } (the secret is shown once); GET → { items }.
// Session only: an API token cannot mint or list tokens (403).
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { parseWith, readJson } from "@/lib/http/route";
import { createApiTokenInputSchema } from "@/lib/tokens/schemas";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { listApiTokens } from "@/lib/tokens/list-api-tokens";
import { TOKENS_SESSION_ONLY } from "./session-only";

export const POST = adminRoute(
  async ({ admin: { store, actor }, deps, req }) => {
    const input = parseWith(createApiTokenInputSchema, await readJson(req, 16 * 1024));
    return adminJson(await createApiToken(deps, { storeId: store.id, name: input.name, createdById: actor.id }), { status: 201 });
  },
  { sessionOnly: TOKENS_SESSION_ONLY },
);

export const GET = adminRoute(async ({ admin: { store }, deps }) => adminJson({ items: await listApiTokens(deps, { storeId: store.id }) }), {
  sessionOnly: TOKENS_SESSION_ONLY,
});
