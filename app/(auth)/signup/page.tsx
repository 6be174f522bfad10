import type { Metadata } from "next";
import Link from "next/link";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { AuthCard } from "../signin/_components/auth-card";
import { SignUpForm } from "./_components/sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof sp.callbackUrl === "string" ? sp.callbackUrl : undefined);
  const signInHref = callbackUrl === "/" ? "/signin" : `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <AuthCard
      title="Create account"
      subtitle="Use at least 8 characters for your password."
      footer={
        <>
          Already have an account?{" "}
          <Link href={signInHref} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
