// POST admin/tokens { name } → 201 { token, secret } (the secret is shown once); GET → { items }.
// Session only: an API token cannot mint or list tokens (403).
import { parseWith, readJson, route } from "@/lib/http/route";
import { authorizeStoreAdminSession } from "@/lib/auth/admin";
import { createApiTokenInputSchema } from "@/lib/tokens/schemas";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { listApiTokens } from "@/lib/tokens/list-api-tokens";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const POST = route(async (req, { params }: StoreCtx) => {
  const { store, actor } = await authorizeStoreAdminSession(req, (await params).store);
  const input = parseWith(createApiTokenInputSchema, await readJson(req, 16 * 1024));
  const created = await createApiToken(requestDeps(), { storeId: store.id, name: input.name, createdById: actor.id });
  return adminJson(created, { status: 201 });
});

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdminSession(req, (await params).store);
  return adminJson({ items: await listApiTokens(requestDeps(), { storeId: store.id }) });
});
