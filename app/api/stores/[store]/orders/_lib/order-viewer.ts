// Who is looking at an order: the signed-in user, the store's cart cookie (the cart that placed it),
// the order's signed link (?key=), and, only if none matches, whether the request comes from one of the store's admins.
import "server-only";
import { getSessionUserOf } from "@/lib/auth/session";
import { isStoreAdmin } from "@/lib/auth/admin";
import { hashCartToken } from "@/lib/cart/cart-token";
import { getEnv } from "@/lib/env";
import { readCartToken } from "@/lib/http/cart-cookie";
import { isValidOrderLinkKey } from "@/lib/orders/order-link";
import type { OrderViewer } from "@/lib/orders/get-order";
import type { StoreRef } from "@/lib/stores/get-store";

export async function orderViewerOf(req: Request, store: StoreRef): Promise<OrderViewer> {
  const user = await getSessionUserOf(req);
  const token = readCartToken(req, store.slug);
  const key = new URL(req.url).searchParams.get("key");
  return {
    userId: user?.id ?? null,
    tokenHash: token ? hashCartToken(token) : null,
    hasOrderLink: (orderId) => isValidOrderLinkKey(getEnv().AUTH_SECRET, orderId, key),
    isAdmin: () => isStoreAdmin(req, store.id),
  };
}
