import type { ReactNode } from "react";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { getShop, getShopCart, getShopper } from "./_lib/shop";
import { signOutAction } from "../actions";

export default async function ShopLayout({ children, params }: { children: ReactNode; params: Promise<{ store: string }> }) {
  const { store: slug } = await params;
  const [store, user, cart] = await Promise.all([getShop(slug), getShopper(), getShopCart(slug)]);
  return (
    <div className="flex min-h-screen flex-col">
      <SiteHeader store={{ slug: store.slug, name: store.name }} user={user} cart={cart} signOutAction={signOutAction} />
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 pb-20 pt-8 sm:px-6 sm:pt-10 lg:px-8">
        {children}
      </main>
      <SiteFooter storeName={store.name} />
    </div>
  );
}
