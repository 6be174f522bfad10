import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderView } from "@/components/order/order-view";
import { requireStoreAdmin } from "@/lib/auth/admin";
import { isAppError } from "@/lib/errors";
import { getOrderForViewer } from "@/lib/orders/get-order";
import { orderIdSchema } from "@/lib/orders/schemas";
import { getCartTokenHash, getShop, getShopper, shopDeps } from "../../_lib/shop";

type Props = { params: Promise<{ store: string; id: string }> };

export const metadata: Metadata = { title: "Your order" };

export default async function OrderPage({ params }: Props) {
  const { store: slug, id } = await params;
  const orderId = orderIdSchema.safeParse(id);
  if (!orderId.success) notFound();
  const [store, user, tokenHash] = await Promise.all([getShop(slug), getShopper(), getCartTokenHash(slug)]);
  const order = await getOrderForViewer(shopDeps(), {
    storeId: store.id,
    orderId: orderId.data,
    viewer: {
      userId: user?.id ?? null,
      tokenHash,
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
  return <OrderView store={store.slug} initialOrder={order} />;
}
