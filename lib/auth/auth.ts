// Auth.js v5: email + password (scrypt) through the Credentials provider, JWT sessions in an
// httpOnly, SameSite=Lax cookie, Secure exactly when the app's origin is https (lib/http/origin.ts).
// Each session carries its account's sessionVersion, checked on every request: signing out bumps it
// (lib/users/session-version.ts), so a signed-out cookie is refused afterwards.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { signInInputSchema } from "@/lib/users/schemas";
import { verifyCredentials } from "@/lib/users/verify-credentials";
import { mergeGuestCartsOnSignIn } from "@/lib/auth/merge-on-sign-in";
import { clientIpOf } from "@/lib/http/client-ip";
import { configuredOrigin, isSecureOrigin } from "@/lib/http/origin";
import { currentPeer } from "@/lib/http/peer";
import { endSessions, isSessionCurrent } from "@/lib/users/session-version";

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
    // The same answer for every request of a deployment (so the cookie's name never flips): the
    // configured origin's scheme, else (local runs) whether this server's socket is TLS.
    useSecureCookies: isSecureOrigin(configuredOrigin(env) ?? (currentPeer()?.tls ? "https:" : "http:")),
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
        async authorize(raw, request) {
          const parsed = signInInputSchema.safeParse(raw);
          if (!parsed.success) return null;
          const address = clientIpOf(request.headers);
          const check = await verifyCredentials({ db: getDb(), now: new Date() }, { ...parsed.data, address });
          if (check.ok) return { id: check.user.id, email: check.user.email, name: check.user.name, sessionVersion: check.sessionVersion };
          if (check.reason === "LOCKED") throw new AccountLocked();
          return null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          return token;
        }
        // Every later request: the account must still have the version this session was issued under.
        if (!token.sub) return null;
        const current = await isSessionCurrent({ db: getDb() }, { userId: token.sub, version: typeof token.sv === "number" ? token.sv : 0 });
        return current ? token : null;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const userId = "token" in message ? message.token?.sub : undefined;
        if (userId) await endSessions({ db: getDb() }, { userId });
      },
      async signIn({ user }) {
        if (user.id) await mergeGuestCartsOnSignIn(user.id);
      },
    },
  };
});
