// Checks an email + password pair for sign-in; unknown emails cost the same scrypt work as known ones.
import type { Deps } from "@/lib/deps";
import { hashPassword, verifyPassword } from "@/lib/users/password";
import type { UserView } from "@/lib/users/schemas";

let dummyHash: Promise<string> | undefined;

export async function verifyCredentials(
  { db }: Pick<Deps, "db">,
  input: { email: string; password: string },
): Promise<UserView | null> {
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  if (!user) {
    // Same work as a real check, so response times do not tell which emails have accounts.
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(input.password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
