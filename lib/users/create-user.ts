// Creates an account (sign-up, the ops CLI), optionally as a member of a store; one email, one user.
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { sqlState } from "@/lib/db-errors";
import { hashPassword } from "@/lib/users/password";
import type { Role } from "@/lib/members/schemas";
import type { UserView } from "@/lib/users/schemas";

export type CreateUserInput = {
  email: string; // already normalised by emailSchema
  password: string;
  name?: string | null;
  membership?: { storeId: string; role: Role };
};

export async function createUser({ db }: Pick<Deps, "db">, input: CreateUserInput): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: {
        email: input.email,
        name: input.name ?? null,
        passwordHash,
        ...(input.membership
          ? { memberships: { create: { storeId: input.membership.storeId, role: input.membership.role } } }
          : {}),
      },
      select: { id: true, email: true, name: true },
    });
  } catch (e) {
    // The unique index on email decides races between two sign-ups for the same address.
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "An account with this email already exists.", { field: "email" });
    throw e;
  }
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown })?.code === "P2002" || sqlState(e) === "23505";
}
