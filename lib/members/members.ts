// A store's team: its members (OWNER or ADMIN) as the Team page and admin/members show them. Adding
// needs an existing account (by email); the last OWNER can be neither removed nor demoted (409,
// decided under a lock on the store's owner rows, so two concurrent changes cannot both pass);
// granting, changing or removing the OWNER role is for OWNERs only.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";
import type { Member, Role } from "./schemas";

export { addMemberBodySchema, changeRoleBodySchema, memberUserIdSchema, roleSchema, type Member, type Role } from "./schemas";

type Deps = { db: Db; now: Date };
/** Who is acting: a signed-in member, with their role in this store. */
export type MemberActor = { userId: string; role: Role };

export async function listMembers(deps: { db: Db }, input: { storeId: string }): Promise<Member[]> {
  const rows = await deps.db.membership.findMany({
    where: { storeId: input.storeId },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return rows.map((r) => ({ userId: r.user.id, email: r.user.email, name: r.user.name, role: r.role as Role, since: r.createdAt.toISOString() }));
}

export async function memberRole(deps: { db: Db }, input: { storeId: string; userId: string }): Promise<Role | null> {
  const m = await deps.db.membership.findUnique({ where: { userId_storeId: { userId: input.userId, storeId: input.storeId } }, select: { role: true } });
  return (m?.role as Role | undefined) ?? null;
}

export async function addMember(deps: Deps, input: { storeId: string; email: string; role: Role; actor: MemberActor }): Promise<Member[]> {
  if (input.role === "OWNER" && input.actor.role !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can make someone an owner.");
  const user = await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", "No account uses that email: ask them to sign up first, then add them.", { field: "email" });
  const existing = await memberRole(deps, { storeId: input.storeId, userId: user.id });
  if (existing) throw new AppError("CONFLICT", `That account is already a member (${existing.toLowerCase()}).`, { field: "email" });
  try {
    await deps.db.membership.create({ data: { storeId: input.storeId, userId: user.id, role: input.role, createdAt: deps.now } });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "That account is already a member.", { field: "email" });
    throw e;
  }
  getLogger().info({ storeId: input.storeId, userId: user.id, role: input.role, by: input.actor.userId }, "member added");
  return listMembers(deps, input);
}

/** Changes a role or removes a member; refuses to leave the store without an OWNER. */
export async function changeMember(
  deps: Deps,
  input: { storeId: string; userId: string; role: Role | null; actor: MemberActor },
): Promise<Member[]> {
  await deps.db.$transaction(async (tx) => {
    // Lock the store's owner rows: concurrent demotions/removals queue here and see each other.
    const owners = await tx.$queryRaw<{ userId: string }[]>`
      SELECT "userId" FROM "Membership" WHERE "storeId" = ${input.storeId} AND role = 'OWNER' FOR UPDATE`;
    const target = await tx.membership.findUnique({
      where: { userId_storeId: { userId: input.userId, storeId: input.storeId } },
      select: { id: true, role: true },
    });
    if (!target) throw new AppError("NOT_FOUND", "Member not found.");
    const touchesOwner = target.role === "OWNER" || input.role === "OWNER";
    if (touchesOwner && input.actor.role !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can change or remove an owner.");
    const losesOwner = target.role === "OWNER" && input.role !== "OWNER";
    if (losesOwner && owners.length <= 1)
      throw new AppError("CONFLICT", "This is the store's last owner: make someone else an owner first.", { reason: "LAST_OWNER" });
    if (input.role === null) await tx.membership.delete({ where: { id: target.id } });
    else if (input.role !== target.role) await tx.membership.update({ where: { id: target.id }, data: { role: input.role } });
  });
  getLogger().info({ storeId: input.storeId, userId: input.userId, role: input.role ?? "removed", by: input.actor.userId }, "member changed");
  return listMembers(deps, input);
}
