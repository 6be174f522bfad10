// The members routes are for signed-in members only (adminRoute's sessionOnly: an API token gets
// 403), acting with their role in the store.
import "server-only";
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import type { SessionAdmin } from "@/lib/http/admin-route";
import { memberRole, type MemberActor } from "@/lib/members/members";

export const TEAM_SESSION_ONLY = "API tokens cannot manage the team; sign in as a store admin.";

/** The member acting on the team, with their role; 403 for an admin who is not a member. */
export async function teamActorOf(deps: Deps, admin: SessionAdmin): Promise<MemberActor> {
  const role = await memberRole(deps, { storeId: admin.store.id, userId: admin.actor.id });
  if (!role) throw new AppError("FORBIDDEN", "Only the store's members can manage its team.");
  return { userId: admin.actor.id, role };
}
