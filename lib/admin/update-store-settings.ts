// Changes a store's settings; holds already taken keep their expiry, new holds use the new TTL.
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { storeSettingsSelect } from "@/lib/admin/get-store-settings";
import type { StoreSettings, UpdateStoreSettingsInput } from "@/lib/admin/schemas";
import { forgetStore } from "@/lib/stores/get-store";

export async function updateStoreSettings(
  { db, now }: Deps,
  input: { storeId: string; changes: UpdateStoreSettingsInput },
): Promise<StoreSettings> {
  try {
    const settings = await db.store.update({
      where: { id: input.storeId },
      data: { ...input.changes, updatedAt: now },
      select: storeSettingsSelect,
    });
    forgetStore({ db }, input.storeId);
    return settings;
  } catch (e) {
    if ((e as { code?: unknown })?.code === "P2025") throw new AppError("NOT_FOUND", "Store not found.");
    throw e;
  }
}
