// Resolves a store by slug; unknown slugs are 404 NOT_FOUND. Every storefront and API request
// starts here, so a found store is remembered for a few seconds per database client (a store's
// id never changes; its name and settings may show up to STORE_CACHE_MS late on a page, while
// the engine's SQL always reads the settings themselves). Unknown slugs are never remembered.
import { STORE_SLUG_PATTERN } from "@/lib/constants";
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

export const STORE_CACHE_MS = 5_000;

const storesByDb = new WeakMap<Db, Map<string, { store: StoreRef; until: number }>>();

export async function findStoreBySlug({ db }: { db: Db }, slug: string): Promise<StoreRef | null> {
  if (!STORE_SLUG_PATTERN.test(slug)) return null;
  let cache = storesByDb.get(db);
  if (!cache) storesByDb.set(db, (cache = new Map()));
  const hit = cache.get(slug);
  if (hit && hit.until > Date.now()) return hit.store;
  const store = await db.store.findUnique({ where: { slug }, select: storeRefSelect });
  if (store) {
    // Slugs are few (one per store): the map stays small without an eviction policy.
    cache.set(slug, { store, until: Date.now() + STORE_CACHE_MS });
  } else cache.delete(slug);
  return store;
}

/** Drops what this process remembers of a store (after its settings change here). */
export function forgetStore({ db }: { db: Db }, storeId: string): void {
  const cache = storesByDb.get(db);
  if (!cache) return;
  for (const [slug, hit] of cache) if (hit.store.id === storeId) cache.delete(slug);
}

export async function getStoreBySlugOrThrow(deps: { db: Db }, slug: string): Promise<StoreRef> {
  const store = await findStoreBySlug(deps, slug);
  if (!store) throw new AppError("NOT_FOUND", "Store not found.");
  return store;
}
