// PATCH admin/members/{userId} { role } → 200 { items }; DELETE → 200 { items }. The last OWNER
// can be neither demoted nor removed (409); OWNER changes are for owners (403). Session only.
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { parseWith, readJson } from "@/lib/http/route";
import { changeMember, changeRoleBodySchema, memberUserIdSchema } from "@/lib/members/members";
import { TEAM_SESSION_ONLY, teamActorOf } from "../team-actor";

type Params = { store: string; userId: string };

export const PATCH = adminRoute<Params>(
  async ({ admin, deps, req, params }) => {
    const actor = await teamActorOf(deps, admin);
    const userId = parseWith(memberUserIdSchema, params.userId);
    const { role } = parseWith(changeRoleBodySchema, await readJson(req, 16 * 1024));
    return adminJson({ items: await changeMember(deps, { storeId: admin.store.id, userId, role, actor }) });
  },
  { sessionOnly: TEAM_SESSION_ONLY },
);

export const DELETE = adminRoute<Params>(
  async ({ admin, deps, params }) => {
    const actor = await teamActorOf(deps, admin);
    const userId = parseWith(memberUserIdSchema, params.userId);
    return adminJson({ items: await changeMember(deps, { storeId: admin.store.id, userId, role: null, actor }) });
  },
  { sessionOnly: TEAM_SESSION_ONLY },
);
