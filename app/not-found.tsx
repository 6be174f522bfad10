import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-[70vh] max-w-lg flex-col items-center justify-center px-6 py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">We could not find that page</h1>
      <p className="mt-3 text-slate-600">The link may be old, or the item may have been taken down.</p>
      <Link href="/" className={buttonClasses({ className: "mt-8" })}>
        Browse the stores
      </Link>
    </main>
  );
}
