import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { OrderView } from "@/components/order/order-view";
import { requireStoreAdmin } from "@/lib/auth/admin";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
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
  // The signed link (absolute, from the host the shopper used), shown once paid.
  let orderLink: string | null = null;
  if (secret) {
    const h = await headers();
    const host = h.get("x-forwarded-host") ?? h.get("host");
    const proto = h.get("x-forwarded-proto") ?? "http";
    const path = orderLinkPath(store.slug, order.id, orderLinkKey(secret, order.id));
    orderLink = getEnv().APP_URL ? `${getEnv().APP_URL}${path}` : host ? `${proto}://${host}${path}` : path;
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
