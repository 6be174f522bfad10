// POST /api/auth/signup { email, password, name } → 201 { user }; 409 CONFLICT when the email is taken.
import { parseWith, readJson, route } from "@/lib/http/route";
import { requestDeps } from "@/lib/http/deps";
import { signUpInputSchema } from "@/lib/users/schemas";
import { createUser } from "@/lib/users/create-user";

export const POST = route(async (req) => {
  const input = parseWith(signUpInputSchema, await readJson(req, 16 * 1024));
  const user = await createUser(requestDeps(), input);
  return Response.json({ user }, { status: 201 });
}, { rateLimit: "sign-up" });
