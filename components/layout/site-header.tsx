import Link from "next/link";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { cartKeys } from "@/lib/api-client/cart";
import type { Cart } from "@/lib/api-client/contract";
import { getQueryClient } from "@/lib/api-client/query-client";
import { CartLink } from "./cart-link";
import { SignInLink } from "./sign-in-link";

type HeaderUser = { name: string | null; email: string };

/** The storefront header: the store's name, who is signed in, and the cart with its count. */
export function SiteHeader({
  store,
  user,
  cart,
  signOutAction,
}: {
  store: { slug: string; name: string };
  user: HeaderUser | null;
  cart: Cart;
  signOutAction: (formData: FormData) => Promise<void>;
}) {
  // Hydrated rather than initialData: a fresher server render (after signing in or out) replaces
  // what the tab had cached, while an older one never overwrites newer data.
  const queryClient = getQueryClient();
  queryClient.setQueryData(cartKeys.store(store.slug), cart);
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200/80 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
      <div className="mx-auto flex h-16 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6 lg:px-8">
        <Link href={`/${store.slug}`} className="flex min-w-0 items-center gap-2.5 rounded-lg">
          <span
            aria-hidden="true"
            className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-ink text-sm font-bold text-white"
          >
            {store.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="truncate text-base font-semibold tracking-tight text-ink sm:text-lg">{store.name}</span>
        </Link>
        <nav aria-label="Account and cart" className="flex shrink-0 items-center gap-1 sm:gap-2">
          {user ? (
            <>
              <Link
                href={`/${store.slug}/account`}
                className="inline-flex h-9 max-w-24 items-center truncate rounded-lg px-2 text-sm text-slate-700 hover:bg-slate-100 hover:text-ink sm:max-w-48"
                title={`${user.email}: your orders`}
              >
                <span className="truncate">{user.name ?? user.email}</span>
              </Link>
              <form action={signOutAction}>
                <input type="hidden" name="store" value={store.slug} />
                <Button type="submit" variant="ghost" size="sm">
                  Sign out
                </Button>
              </form>
            </>
          ) : (
            <SignInLink className="inline-flex h-9 items-center rounded-lg px-3 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-ink" />
          )}
          <HydrationBoundary state={dehydrate(queryClient)}>
            <CartLink store={store.slug} />
          </HydrationBoundary>
        </nav>
      </div>
    </header>
  );
}
