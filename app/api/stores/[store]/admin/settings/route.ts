// GET / PATCH admin/settings → { settings }
import { parseWith, route } from "@/lib/http/route";
import type { Deps } from "@/lib/deps";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { updateStoreSettingsInputSchema } from "@/lib/admin/schemas";
import { getStoreSettings } from "@/lib/admin/get-store-settings";
import { updateStoreSettings } from "@/lib/admin/update-store-settings";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";
import { adminWrite } from "../_shared/write";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  return adminJson({ settings: await getStoreSettings(requestDeps(), { storeId: store.id }) });
});

export const PATCH = route(async (req, { params }: StoreCtx) =>
  adminWrite(
    req,
    (await params).store,
    async ({ store, json, deps }) => {
      const changes = parseWith(updateStoreSettingsInputSchema, json());
      return { status: 200, body: { settings: await updateStoreSettings(deps as Deps, { storeId: store.id, changes }) } };
    },
    { maxBytes: 16 * 1024 },
  ),
);
