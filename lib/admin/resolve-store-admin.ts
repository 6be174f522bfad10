// Who may run a store's admin API: its members (OWNER/ADMIN) by session, or an API token of THAT
// store. The Next-aware lib/auth/admin.ts reads the request; this decides, against the database.
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { isStoreAdminRole } from "@/lib/members/schemas";
import { getStoreBySlugOrThrow, type StoreRef } from "@/lib/stores/get-store";
import { authenticateApiToken } from "@/lib/tokens/authenticate-api-token";
import type { AdminActor } from "@/lib/admin/schemas";

export type AdminCredentials = { kind: "token"; secret: string } | { kind: "user"; userId: string; email: string } | null;

export type StoreAdmin = { store: StoreRef; actor: AdminActor };

/**
 * 404 unknown store; 401 no credentials, or a token that is unknown, revoked or another store's;
 * 403 a signed-in user who is not an OWNER/ADMIN member of the store.
 */
export async function resolveStoreAdmin(
  deps: Deps,
  input: { storeSlug: string; credentials: AdminCredentials },
): Promise<StoreAdmin> {
  const store = await getStoreBySlugOrThrow(deps, input.storeSlug);
  const actor = await resolveAdminActor(deps, { storeId: store.id, credentials: input.credentials });
  return { store, actor };
}

export async function resolveAdminActor(
  deps: Deps,
  input: { storeId: string; credentials: AdminCredentials },
): Promise<AdminActor> {
  const c = input.credentials;
  if (!c) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token (Authorization: Bearer <token>).");
  if (c.kind === "token") {
    const token = await authenticateApiToken(deps, { secret: c.secret, storeId: input.storeId });
    if (!token) throw new AppError("UNAUTHENTICATED", "The API token is not valid for this store, or it was revoked.");
    return { type: "TOKEN", id: token.id, label: `token ${token.name} (${token.prefix}…)` };
  }
  const membership = await deps.db.membership.findUnique({
    where: { userId_storeId: { userId: c.userId, storeId: input.storeId } },
    select: { role: true },
  });
  if (!isStoreAdminRole(membership?.role)) {
    throw new AppError("FORBIDDEN", "You are not an admin of this store.");
  }
  return { type: "USER", id: c.userId, label: c.email };
}

/** The boolean form, for routes that also serve non-admins (an order page: its shopper or the store's admins). */
export async function isStoreAdmin(deps: Deps, input: { storeId: string; credentials: AdminCredentials }): Promise<boolean> {
  if (!input.credentials) return false;
  try {
    await resolveAdminActor(deps, input);
    return true;
  } catch (e) {
    if (e instanceof AppError && (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN")) return false;
    throw e;
  }
}
