import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { OrderView } from "@/components/order/order-view";
import { requireStoreAdmin } from "@/lib/auth/admin";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { publicOriginOf } from "@/lib/http/origin";
import { isValidOrderLinkKey, orderLinkKey, orderLinkPath } from "@/lib/orders/order-link";
import { getOrderForViewer } from "@/lib/orders/get-order";
import { orderIdSchema } from "@/lib/orders/schemas";
import { getCartTokenHash, getShop, getShopper, shopDeps } from "../../_lib/shop";

type Props = { params: Promise<{ store: string; id: string }>; searchParams: Promise<{ key?: string | string[] }> };

export const metadata: Metadata = { title: "Your order" };

export default async function OrderPage({ params, searchParams }: Props) {
  const { store: slug, id } = await params;
  const { key } = await searchParams;
  const linkKey = typeof key === "string" ? key : null;
  const secret = getEnv().AUTH_SECRET;
  const orderId = orderIdSchema.safeParse(id);
  if (!orderId.success) notFound();
  const [store, user, tokenHash] = await Promise.all([getShop(slug), getShopper(), getCartTokenHash(slug)]);
  const order = await getOrderForViewer(shopDeps(), {
    storeId: store.id,
    orderId: orderId.data,
    viewer: {
      userId: user?.id ?? null,
      tokenHash,
      hasOrderLink: (orderId) => isValidOrderLinkKey(secret, orderId, linkKey),
      isAdmin: () =>
        requireStoreAdmin(store.slug).then(
          () => true,
          () => false,
        ),
    },
  }).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  // The signed link, shown once paid: absolute, at the app's one public origin (APP_URL, else
  // Vercel's domain, else in a local run the Host the shopper used; never X-Forwarded-*).
  let orderLink: string | null = null;
  if (secret) {
    const path = orderLinkPath(store.slug, order.id, orderLinkKey(secret, order.id));
    orderLink = `${publicOriginOf(await headers())}${path}`;
  }
  return (
    <OrderView
      store={store.slug}
      initialOrder={order}
      orderLink={orderLink}
      linkKey={linkKey && isValidOrderLinkKey(secret, order.id, linkKey) ? linkKey : null}
    />
  );
}
