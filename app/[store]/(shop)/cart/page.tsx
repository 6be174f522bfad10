import type { Metadata } from "next";
import { CartView } from "@/components/cart/cart-view";
import { getRequestNow, getShop, getShopCart, getShopper } from "../_lib/shop";

type Props = { params: Promise<{ store: string }> };

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage({ params }: Props) {
  const { store: slug } = await params;
  const [store, cart, user] = await Promise.all([getShop(slug), getShopCart(slug), getShopper()]);
  return (
    <>
      <h1 className="text-3xl font-semibold tracking-tight text-ink sm:text-4xl">Your cart</h1>
      <div className="mt-8">
        <CartView store={store.slug} initialCart={cart} serverNow={getRequestNow().getTime()} guest={!user} />
      </div>
    </>
  );
}
