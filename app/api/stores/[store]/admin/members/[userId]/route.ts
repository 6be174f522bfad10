// PATCH admin/members/{userId} { role } → 200 { items }; DELETE → 200 { items }. The last OWNER
// can be neither demoted nor removed (409); OWNER changes are for owners (403). Session only.
import { parseWith, readJson, route } from "@/lib/http/route";
import { changeMember, changeRoleBodySchema, memberUserIdSchema } from "@/lib/members/members";
import { adminJson, requestDeps } from "../../_shared/respond";
import { authorizeTeamManager } from "../authorize-team-manager";

type Ctx = { params: Promise<{ store: string; userId: string }> };

export const PATCH = route(async (req, { params }: Ctx) => {
  const { store: slug, userId } = await params;
  const { store, actor } = await authorizeTeamManager(req, slug);
  const id = parseWith(memberUserIdSchema, userId);
  const { role } = parseWith(changeRoleBodySchema, await readJson(req, 16 * 1024));
  return adminJson({ items: await changeMember(requestDeps(), { storeId: store.id, userId: id, role, actor }) });
});

export const DELETE = route(async (req, { params }: Ctx) => {
  const { store: slug, userId } = await params;
  const { store, actor } = await authorizeTeamManager(req, slug);
  const id = parseWith(memberUserIdSchema, userId);
  return adminJson({ items: await changeMember(requestDeps(), { storeId: store.id, userId: id, role: null, actor }) });
});
