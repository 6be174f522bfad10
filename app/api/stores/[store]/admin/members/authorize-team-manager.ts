// The members routes are for signed-in members only (an API token gets 403), acting with their role.
import "server-only";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { memberRole, type MemberActor } from "@/lib/members/members";

export async function authorizeTeamManager(req: Request, storeSlug: string) {
  const admin = await authorizeStoreAdmin(req, storeSlug);
  if (admin.actor.type !== "USER") throw new AppError("FORBIDDEN", "API tokens cannot manage the team; sign in as a store admin.");
  const role = await memberRole({ db: getDb() }, { storeId: admin.store.id, userId: admin.actor.id });
  if (!role) throw new AppError("FORBIDDEN", "Only the store's members can manage its team.");
  const actor: MemberActor = { userId: admin.actor.id, role };
  return { store: admin.store, actor };
}
