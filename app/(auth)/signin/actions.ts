"use server";
// Sign-in as a server action: Auth.js checks the password, sets the session cookie and (its
// signIn event) merges the browser's guest carts; then we go back to where the visitor came from.
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { checkSignInRateLimit } from "@/lib/http/rate-limit";
import { validatedStateAction } from "@/lib/http/validated-action";

const LOCKED_MESSAGE = "Too many wrong passwords for this account. Please wait 15 minutes and try again.";

export type SignInState = { error?: string; email?: string };

/** A form field as text, cut to `max` characters ("" when missing). */
const field = (max: number) => z.preprocess((v) => String(v ?? "").slice(0, max), z.string());

const signInFormSchema = z.object({
  email: field(254),
  password: field(200),
  callbackUrl: z.unknown().transform((v) => safeCallbackUrl(v)),
});

export const signInAction = validatedStateAction<SignInState, z.infer<typeof signInFormSchema>, SignInState>(signInFormSchema, async ({ email, password, callbackUrl: redirectTo }) => {
  if (!email || !password) return { error: "Enter your email and password.", email };
  const limited = await checkSignInRateLimit(email);
  if (limited) return { error: `Too many sign-in attempts. Please wait ${limited.retryAfterSeconds} seconds and try again.`, email };
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (e) {
    // A successful sign-in "throws" Next's redirect, which must propagate; only Auth.js errors are ours.
    if (e instanceof AuthError) {
      if (e instanceof CredentialsSignin && e.code === "locked") return { error: LOCKED_MESSAGE, email };
      return e.type === "CredentialsSignin"
        ? { error: "That email and password do not match an account.", email }
        : { error: "Signing in is not possible right now. Please try again in a moment.", email };
    }
    throw e;
  }
  return {};
});
