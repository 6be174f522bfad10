import { cartResponse, shopperRoute } from "@/lib/http/shopper-route";
import { extendCart } from "@/lib/cart/extend-cart";

export const POST = shopperRoute(async ({ shopper }) => cartResponse(shopper, await extendCart(shopper.deps, shopper.owner)), {
  rateLimit: "cart-write",
});
