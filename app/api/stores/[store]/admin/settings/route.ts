// GET / PATCH admin/settings → { settings }
import { parseWith, readJson, route } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { updateStoreSettingsInputSchema } from "@/lib/admin/schemas";
import { getStoreSettings } from "@/lib/admin/get-store-settings";
import { updateStoreSettings } from "@/lib/admin/update-store-settings";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  return adminJson({ settings: await getStoreSettings(requestDeps(), { storeId: store.id }) });
});

export const PATCH = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const changes = parseWith(updateStoreSettingsInputSchema, await readJson(req, 16 * 1024));
  return adminJson({ settings: await updateStoreSettings(requestDeps(), { storeId: store.id, changes }) });
});
