// Who is looking at an order: the shopper as shopperRoute resolved them (the signed-in user, the
// store's cart cookie: the cart that placed it), the order's signed link (?key=), and, only if none
// matches, whether the request comes from one of the store's admins (session or API token).
import "server-only";
import { isStoreAdmin } from "@/lib/admin/resolve-store-admin";
import { hashCartToken } from "@/lib/cart/cart-token";
import { getEnv } from "@/lib/env";
import { adminCredentialsOf } from "@/lib/http/admin-route";
import type { Shopper } from "@/lib/http/shopper-route";
import { isValidOrderLinkKey } from "@/lib/orders/order-link";
import type { OrderViewer } from "@/lib/orders/get-order";

export function orderViewerOf(req: Request, shopper: Shopper): OrderViewer {
  const key = new URL(req.url).searchParams.get("key");
  return {
    userId: shopper.user?.id ?? null,
    tokenHash: shopper.cookieToken ? hashCartToken(shopper.cookieToken) : null,
    hasOrderLink: (orderId) => isValidOrderLinkKey(getEnv().AUTH_SECRET, orderId, key),
    isAdmin: async () => isStoreAdmin(shopper.deps, { storeId: shopper.store.id, credentials: await adminCredentialsOf(req) }),
  };
}
