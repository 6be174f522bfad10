// Admin API authorization for route handlers: a member's session or a store API token (Bearer).
import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { AdminActor } from "@/lib/admin/schemas";
import {
  isStoreAdmin as isStoreAdminOf,
  resolveStoreAdmin,
  type AdminCredentials,
  type StoreAdmin,
} from "@/lib/admin/resolve-store-admin";
import { getSessionUser } from "@/lib/auth/session";

export type { AdminActor, StoreAdmin };

function deps() {
  return { db: getDb(), now: new Date() };
}

/** An Authorization header wins over the session cookie; a malformed one is an invalid token (401). */
async function credentialsOf(req: Request): Promise<AdminCredentials> {
  const header = req.headers.get("authorization");
  if (header !== null) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    return { kind: "token", secret: m?.[1] ?? "" };
  }
  const user = await getSessionUser();
  return user ? { kind: "user", userId: user.id, email: user.email } : null;
}

/**
 * The store and who is acting, or: 404 unknown store, 401 no/bad credentials (a token of another
 * store or revoked), 403 signed in but not an OWNER/ADMIN of the store.
 */
export async function authorizeStoreAdmin(req: Request, storeSlug: string): Promise<StoreAdmin> {
  return resolveStoreAdmin(deps(), { storeSlug, credentials: await credentialsOf(req) });
}

/** Like authorizeStoreAdmin, but only a signed-in member will do: tokens cannot manage tokens (403). */
export async function authorizeStoreAdminSession(
  req: Request,
  storeSlug: string,
): Promise<StoreAdmin & { actor: AdminActor & { type: "USER" } }> {
  const admin = await authorizeStoreAdmin(req, storeSlug);
  if (admin.actor.type !== "USER")
    throw new AppError("FORBIDDEN", "API tokens cannot manage API tokens; sign in as a store admin.");
  return admin as StoreAdmin & { actor: AdminActor & { type: "USER" } };
}

/** For pages and layouts (no Request): the signed-in member, or the same 401/403/404 errors. */
export async function requireStoreAdmin(storeSlug: string): Promise<StoreAdmin> {
  const user = await getSessionUser();
  return resolveStoreAdmin(deps(), {
    storeSlug,
    credentials: user ? { kind: "user", userId: user.id, email: user.email } : null,
  });
}

/** True when the request comes from an admin of the store (session or token); for routes that also serve shoppers. */
export async function isStoreAdmin(req: Request, storeId: string): Promise<boolean> {
  return isStoreAdminOf(deps(), { storeId, credentials: await credentialsOf(req) });
}
