// The signed-in shopper's account: their orders in this store, newest first, ten to a page, each a
// link to its order page. Guests are sent to sign in and back.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { orderStatusLabel } from "@/components/order/order-status";
import { listShopperOrders } from "@/lib/orders/list-shopper-orders";
import { getShop, getShopper, shopDeps } from "../_lib/shop";

type Props = { params: Promise<{ store: string }>; searchParams: Promise<{ cursor?: string | string[] }> };

export const metadata: Metadata = { title: "Your orders" };

export default async function AccountPage({ params, searchParams }: Props) {
  const { store: slug } = await params;
  const { cursor } = await searchParams;
  const [store, user] = await Promise.all([getShop(slug), getShopper()]);
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/${store.slug}/account`)}`);
  const page = await listShopperOrders(shopDeps(), {
    storeId: store.id,
    userId: user.id,
    cursor: typeof cursor === "string" && cursor.length <= 400 ? cursor : null,
  });
  const paged = typeof cursor === "string";

  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm font-medium text-slate-600">{user.name ?? user.email}</p>
      <h1 className="mt-1 text-3xl font-semibold tracking-tight sm:text-4xl">Your orders</h1>
      {page.items.length === 0 ? (
        <Card className="mt-8 px-6 py-12 text-center">
          <p className="text-slate-700">{paged ? "No older orders." : `You have not ordered from ${store.name} yet.`}</p>
          <Link href={`/${store.slug}`} className={buttonClasses({ className: "mt-6" })}>
            Start shopping
          </Link>
        </Card>
      ) : (
        <Card className="mt-8">
          <ul className="divide-y divide-slate-200">
            {page.items.map((order) => {
              const status = orderStatusLabel(order);
              const items = order.lines.reduce((n, l) => n + l.quantity, 0);
              return (
                <li key={order.id}>
                  <Link
                    href={`/${store.slug}/orders/${order.id}`}
                    className="flex flex-wrap items-center justify-between gap-3 px-6 py-4 hover:bg-slate-50 focus-visible:bg-slate-50"
                  >
                    <span className="min-w-0">
                      <span className="block font-medium text-ink">Order #{order.number}</span>
                      <span className="block text-sm text-slate-600">
                        <LocalTime iso={order.createdAt} /> · {items} {items === 1 ? "item" : "items"}
                      </span>
                    </span>
                    <span className="flex items-center gap-4">
                      <Badge tone={status.tone}>{status.label}</Badge>
                      <span className="font-medium tabular">{formatMoney(order.totalCents, order.currency)}</span>
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </Card>
      )}
      <nav aria-label="Pages of orders" className="mt-6 flex justify-between gap-4">
        {paged ? (
          <Link href={`/${store.slug}/account`} className={buttonClasses({ variant: "secondary" })}>
            Newest orders
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor && (
          <Link href={`/${store.slug}/account?cursor=${encodeURIComponent(page.nextCursor)}`} className={buttonClasses({ variant: "secondary" })}>
            Older orders
          </Link>
        )}
      </nav>
    </div>
  );
}
