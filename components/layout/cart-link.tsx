"use client";
// The header's cart link with the number of items, kept current by the cart query's cache.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { cartQuery } from "@/lib/api-client/cart";

export function CartLink({ store }: { store: string }) {
  // The server hydrates the cart with the page; cart writes update it, so no need to re-ask on every page.
  const { data: cart } = useQuery({ ...cartQuery(store), staleTime: 30_000 });
  const count = cart?.lines.reduce((n, l) => n + l.quantity, 0) ?? 0;
  return (
    <Link
      href={`/${store}/cart`}
      className="relative inline-flex h-10 items-center gap-2 rounded-lg px-3 text-sm font-medium text-ink hover:bg-slate-100"
      aria-label={`Cart, ${count} ${count === 1 ? "item" : "items"}`}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" className="size-5">
        <path
          strokeLinecap="round"
          strokeLinejoin="round"
          d="M2.25 3h1.386c.51 0 .955.343 1.087.835l.383 1.437M7.5 14.25a3 3 0 0 0-3 3h15.75m-12.75-3h11.218c1.121-2.3 2.1-4.684 2.924-7.138a60.114 60.114 0 0 0-16.536-1.84M7.5 14.25 5.106 5.272M6 20.25a.75.75 0 1 1-1.5 0 .75.75 0 0 1 1.5 0Zm12.75 0a.75.75 0 1 1-1.5 0 .75.75 0 0 1 1.5 0Z"
        />
      </svg>
      <span className="hidden sm:inline">Cart</span>{" "}
      <span
        aria-hidden="true"
        className={`inline-flex min-w-5 items-center justify-center rounded-full px-1.5 text-xs font-semibold tabular ${count > 0 ? "bg-ink text-white" : "bg-slate-200 text-slate-700"}`}
      >
        {count}
      </span>
    </Link>
  );
}
