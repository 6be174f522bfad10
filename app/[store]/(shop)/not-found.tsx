"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";

/** A product or order that is not there, shown inside the store so the shopper can carry on. */
export default function ShopNotFound() {
  const { store } = useParams<{ store: string }>();
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center py-20 text-center">
      <p className="text-sm font-semibold text-brand-700">Not found</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">We could not find that</h1>
      <p className="mt-3 text-slate-600">The link may be old, or the item may have been taken down.</p>
      <Link href={`/${store}`} className={buttonClasses({ className: "mt-8" })}>
        Back to the store
      </Link>
    </div>
  );
}
