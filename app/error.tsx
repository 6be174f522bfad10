"use client";
// The last resort for a page that failed to render: say so plainly and offer a way on.
import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto flex min-h-[70vh] max-w-lg flex-col items-center justify-center px-6 py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">Something went wrong</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">We could not load this page</h1>
      <p className="mt-3 text-slate-600">
        It is probably a brief hiccup on our side. Your cart is safe — please try again in a moment.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Button onClick={() => reset()}>Try again</Button>
        <Link href="/" className={buttonClasses({ variant: "secondary" })}>
          Go to the home page
        </Link>
      </div>
    </main>
  );
}
