// GET / PATCH admin/settings → { settings }
import type { Deps } from "@/lib/deps";
import { adminJson, adminRoute, adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { updateStoreSettingsInputSchema } from "@/lib/admin/schemas";
import { getStoreSettings } from "@/lib/admin/get-store-settings";
import { updateStoreSettings } from "@/lib/admin/update-store-settings";

export const GET = adminRoute(async ({ admin: { store }, deps }) => adminJson({ settings: await getStoreSettings(deps, { storeId: store.id }) }));

export const PATCH = adminWriteRoute(
  async ({ admin: { store }, deps, json }) => {
    const changes = parseWith(updateStoreSettingsInputSchema, json());
    return { status: 200, body: { settings: await updateStoreSettings(deps as Deps, { storeId: store.id, changes }) } };
  },
  { maxBytes: 16 * 1024 },
);
