// The dashboard's page guard: signed-out visitors go to sign-in (and come back), signed-in
// non-admins get the 403 page, unknown stores 404. Built on the admin API's own rule
// (requireStoreAdmin: OWNER or ADMIN membership), so pages and routes can never disagree.
import "server-only";
import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
import { requireStoreAdmin, type StoreAdmin } from "@/lib/auth/admin";
import { AppError } from "@/lib/errors";

export type AdminPageAccess = { store: StoreAdmin["store"]; actor: StoreAdmin["actor"] };

/** The sign-in URL that brings the visitor back to `path` afterwards. */
export function signInUrlFor(path: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(path)}`;
}

/**
 * Resolves who may see `/{slug}/admin…`. Redirects a signed-out visitor to sign-in (callback to
 * `path`), 404s an unknown store, and answers anyone else with the 403 page (app/forbidden.tsx).
 */
export const requireStoreAdminPage = cache(async (slug: string, path: string = `/${slug}/admin`): Promise<AdminPageAccess> => {
  try {
    const admin = await requireStoreAdmin(slug);
    return { store: admin.store, actor: admin.actor };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === "UNAUTHENTICATED") redirect(signInUrlFor(path));
    if (e.code === "NOT_FOUND") notFound();
    if (e.code === "FORBIDDEN") forbidden();
    throw e;
  }
});
