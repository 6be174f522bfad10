// GET admin/members → 200 { items: [{ userId, email, name, role, since }] }; POST { email, role? }
// adds an existing account (ADMIN unless role OWNER, which only an owner may give) → 201 { items }.
// Session only: API tokens get 403.
import { parseWith, readJson, route } from "@/lib/http/route";
import { addMember, addMemberBodySchema, listMembers } from "@/lib/members/members";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";
import { authorizeTeamManager } from "./authorize-team-manager";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeTeamManager(req, (await params).store);
  return adminJson({ items: await listMembers(requestDeps(), { storeId: store.id }) });
});

export const POST = route(async (req, { params }: StoreCtx) => {
  const { store, actor } = await authorizeTeamManager(req, (await params).store);
  const body = parseWith(addMemberBodySchema, await readJson(req, 16 * 1024));
  return adminJson({ items: await addMember(requestDeps(), { storeId: store.id, ...body, actor }) }, { status: 201 });
});
