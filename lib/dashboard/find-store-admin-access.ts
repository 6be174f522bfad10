// Whether a signed-in user may open a store's dashboard: the store, and their role in it (null when
// they are not an OWNER or ADMIN there). The dashboard's pages decide sign-in / 403 from this.
import type { Db } from "@/lib/db";
import { isStoreAdminRole, type Role } from "@/lib/members/schemas";
import { findStoreBySlug } from "@/lib/stores/get-store";

export type StoreAdminRole = Role;

export type StoreAdminAccess = {
  store: { id: string; slug: string; name: string; currency: string };
  role: StoreAdminRole | null;
};

/** null when the store does not exist; otherwise the store and the user's admin role there, if any. */
export async function findStoreAdminAccess(deps: { db: Db }, input: { slug: string; userId: string }): Promise<StoreAdminAccess | null> {
  const store = await findStoreBySlug(deps, input.slug);
  if (!store) return null;
  const membership = await deps.db.membership.findUnique({
    where: { userId_storeId: { userId: input.userId, storeId: store.id } },
    select: { role: true },
  });
  const role = isStoreAdminRole(membership?.role) ? membership.role : null;
  return { store: { id: store.id, slug: store.slug, name: store.name, currency: store.currency }, role };
}
