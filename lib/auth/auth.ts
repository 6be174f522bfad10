// Auth.js v5: email + password (scrypt) through the Credentials provider, stateless JWT sessions in
// an httpOnly, SameSite=Lax cookie (Secure whenever the site is served over HTTPS).
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { signInInputSchema } from "@/lib/users/schemas";
import { verifyCredentials } from "@/lib/users/verify-credentials";
import { mergeGuestCartsOnSignIn } from "@/lib/auth/merge-on-sign-in";

/** Development and tests may run without AUTH_SECRET; production refuses to start without it (lib/env.ts). */
const DEV_AUTH_SECRET = "dev-only-auth-secret-do-not-use-in-production";

/** Too many wrong passwords for this account lately: the sign-in page says so (?code=locked). */
class AccountLocked extends CredentialsSignin {
  code = "locked";
}

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET ?? (env.NODE_ENV === "production" ? undefined : DEV_AUTH_SECRET),
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    logger: {
      error(error: Error) {
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        console.error("[auth]", error);
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = signInInputSchema.safeParse(raw);
          if (!parsed.success) return null;
          const check = await verifyCredentials({ db: getDb(), now: new Date() }, parsed.data);
          if (check.ok) return { id: check.user.id, email: check.user.email, name: check.user.name };
          if (check.reason === "LOCKED") throw new AccountLocked();
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signIn({ user }) {
        if (user.id) await mergeGuestCartsOnSignIn(user.id);
      },
    },
  };
});
