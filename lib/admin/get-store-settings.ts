// A store's inventory settings (reservation time, payment timeout, extensions, low-stock default).
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import type { StoreSettings } from "@/lib/admin/schemas";

export const storeSettingsSelect = {
  reservationTtlSeconds: true,
  paymentTimeoutSeconds: true,
  maxHoldExtensions: true,
  lowStockDefault: true,
  offerTtlSeconds: true,
} as const;

export async function getStoreSettings({ db }: Pick<Deps, "db">, input: { storeId: string }): Promise<StoreSettings> {
  const row = await db.store.findUnique({ where: { id: input.storeId }, select: storeSettingsSelect });
  if (!row) throw new AppError("NOT_FOUND", "Store not found.");
  return row;
}
