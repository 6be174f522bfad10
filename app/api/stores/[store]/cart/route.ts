import { cartResponse, shopperRoute } from "@/lib/http/shopper-route";
import { getCartView } from "@/lib/cart/get-cart-view";
import { clearCart } from "@/lib/cart/clear-cart";

export const GET = shopperRoute(async ({ shopper }) => cartResponse(shopper, await getCartView(shopper.deps, shopper.owner)));

export const DELETE = shopperRoute(async ({ shopper }) => cartResponse(shopper, await clearCart(shopper.deps, shopper.owner)), {
  rateLimit: "cart-write",
});
