// Input shapes of the team routes (admin/members), parsed at the route edge; the OpenAPI document
// (lib/openapi) is generated from them.
import { z } from "zod";

/** A member's role in a store (prisma enum Role). Both run the dashboard and the admin API. */
export const roleSchema = z.enum(["OWNER", "ADMIN"]);
export type Role = z.infer<typeof roleSchema>;

/** The admin-role rule, written once: who may run a store's dashboard and admin API. */
export function isStoreAdminRole(role: string | null | undefined): role is Role {
  return roleSchema.safeParse(role).success;
}

export const addMemberBodySchema = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter the email of an existing account.")),
    role: roleSchema.default("ADMIN"),
  })
  .strict();
export const changeRoleBodySchema = z.object({ role: roleSchema }).strict();
export const memberUserIdSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, "Not a user id.");

export const memberSchema = z.object({ userId: z.string(), email: z.string(), name: z.string().nullable(), role: roleSchema, since: z.string() });
export type Member = z.infer<typeof memberSchema>;
export const membersResponseSchema = z.object({ items: z.array(memberSchema) });
