// Admin access for pages and layouts: the signed-in member (the admin API's routes resolve their
// caller, session or API token, in lib/http/admin-route.ts).
import "server-only";
import { getDb } from "@/lib/db";
import type { AdminActor } from "@/lib/admin/schemas";
import { resolveStoreAdmin, type StoreAdmin } from "@/lib/admin/resolve-store-admin";
import { getSessionUser } from "@/lib/auth/session";

export type { AdminActor, StoreAdmin };

function deps() {
  return { db: getDb(), now: new Date() };
}

/** For pages and layouts (no Request): the signed-in member, or the same 401/403/404 errors. */
export async function requireStoreAdmin(storeSlug: string): Promise<StoreAdmin> {
  const user = await getSessionUser();
  return resolveStoreAdmin(deps(), {
    storeSlug,
    credentials: user ? { kind: "user", userId: user.id, email: user.email } : null,
  });
}
