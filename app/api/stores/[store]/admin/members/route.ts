// GET admin/members → 200 { items: [{ userId, email, name, role, since }] }; POST { email, role? }
// adds an existing account (ADMIN unless role OWNER, which only an owner may give) → 201 { items }.
// Session only: API tokens get 403.
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { parseWith, readJson } from "@/lib/http/route";
import { addMember, addMemberBodySchema, listMembers } from "@/lib/members/members";
import { TEAM_SESSION_ONLY, teamActorOf } from "./team-actor";

export const GET = adminRoute(
  async ({ admin, deps }) => {
    await teamActorOf(deps, admin);
    return adminJson({ items: await listMembers(deps, { storeId: admin.store.id }) });
  },
  { sessionOnly: TEAM_SESSION_ONLY },
);

export const POST = adminRoute(
  async ({ admin, deps, req }) => {
    const actor = await teamActorOf(deps, admin);
    const body = parseWith(addMemberBodySchema, await readJson(req, 16 * 1024));
    return adminJson({ items: await addMember(deps, { storeId: admin.store.id, ...body, actor }) }, { status: 201 });
  },
  { sessionOnly: TEAM_SESSION_ONLY },
);
