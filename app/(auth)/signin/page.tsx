import type { Metadata } from "next";
import Link from "next/link";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { AuthCard } from "./_components/auth-card";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof sp.callbackUrl === "string" ? sp.callbackUrl : undefined);
  const error =
    typeof sp.error !== "string"
      ? undefined
      : sp.code === "locked"
        ? "Too many wrong passwords for this account. Please wait 15 minutes and try again."
        : (ERRORS[sp.error] ?? "Signing in did not work. Please try again.");
  const signUpHref = callbackUrl === "/" ? "/signup" : `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Your cart comes with you."
      footer={
        <>
          New here?{" "}
          <Link href={signUpHref} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} initialError={error} />
    </AuthCard>
  );
}
