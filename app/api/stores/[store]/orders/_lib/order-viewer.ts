// Who is looking at an order: the signed-in user, the store's cart cookie (the cart that placed it),
// and, only if neither matches, whether the request comes from one of the store's admins.
import "server-only";
import { getSessionUserOf } from "@/lib/auth/session";
import { isStoreAdmin } from "@/lib/auth/admin";
import { hashCartToken } from "@/lib/cart/cart-token";
import { readCartToken } from "@/lib/http/cart-cookie";
import type { OrderViewer } from "@/lib/orders/get-order";
import type { StoreRef } from "@/lib/stores/get-store";

export async function orderViewerOf(req: Request, store: StoreRef): Promise<OrderViewer> {
  const user = await getSessionUserOf(req);
  const token = readCartToken(req, store.slug);
  return { userId: user?.id ?? null, tokenHash: token ? hashCartToken(token) : null, isAdmin: () => isStoreAdmin(req, store.id) };
}
