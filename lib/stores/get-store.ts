// Resolves a store by slug; unknown slugs are 404 NOT_FOUND.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type StoreRef = {
  id: string;
  slug: string;
  name: string;
  currency: string;
  reservationTtlSeconds: number;
  paymentTimeoutSeconds: number;
  maxHoldExtensions: number;
  lowStockDefault: number;
};

export const storeRefSelect = {
  id: true,
  slug: true,
  name: true,
  currency: true,
  reservationTtlSeconds: true,
  paymentTimeoutSeconds: true,
  maxHoldExtensions: true,
  lowStockDefault: true,
} as const;

export async function findStoreBySlug({ db }: { db: Db }, slug: string): Promise<StoreRef | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
  return db.store.findUnique({ where: { slug }, select: storeRefSelect });
}

export async function getStoreBySlugOrThrow(deps: { db: Db }, slug: string): Promise<StoreRef> {
  const store = await findStoreBySlug(deps, slug);
  if (!store) throw new AppError("NOT_FOUND", "Store not found.");
  return store;
}
