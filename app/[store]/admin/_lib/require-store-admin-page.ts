// The dashboard's page guard: signed-out visitors go to sign-in (and come back), signed-in
// non-admins get the 403 page, unknown stores 404. Built on the admin API's own rule
// (requireStoreAdmin: OWNER or ADMIN membership), so pages and routes can never disagree.
import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { requireStoreAdmin, type StoreAdmin } from "@/lib/auth/admin";
import { getSessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findStoreBySlug } from "@/lib/stores/get-store";

export type AdminPageAccess =
  | { allowed: true; store: StoreAdmin["store"]; actor: StoreAdmin["actor"] }
  | { allowed: false; store: { slug: string; name: string }; userEmail: string };

/** The sign-in URL that brings the visitor back to `path` afterwards. */
export function signInUrlFor(path: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(path)}`;
}

/**
 * Resolves who may see `/{slug}/admin…`. Redirects a signed-out visitor to sign-in (callback to
 * `path`), 404s an unknown store, and tells the caller to render the 403 page for anyone else.
 */
export const requireStoreAdminPage = cache(async (slug: string, path: string = `/${slug}/admin`): Promise<AdminPageAccess> => {
  try {
    const admin = await requireStoreAdmin(slug);
    return { allowed: true, store: admin.store, actor: admin.actor };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === "UNAUTHENTICATED") redirect(signInUrlFor(path));
    if (e.code === "NOT_FOUND") notFound();
    if (e.code === "FORBIDDEN") {
      const [user, store] = await Promise.all([getSessionUser(), findStoreBySlug({ db: getDb() }, slug)]);
      return { allowed: false, store: { slug, name: store?.name ?? slug }, userEmail: user?.email ?? "" };
    }
    throw e;
  }
});
