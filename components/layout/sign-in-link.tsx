"use client";
// "Sign in" that brings the shopper back to the page they were on.
import Link from "next/link";
import { usePathname } from "next/navigation";

export function SignInLink({ className }: { className?: string }) {
  const pathname = usePathname();
  return (
    <Link href={`/signin?callbackUrl=${encodeURIComponent(pathname)}`} className={className}>
      Sign in
    </Link>
  );
}
