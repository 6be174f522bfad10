import { cartResponse, shopperRoute } from "@/lib/http/shopper-route";
import { fixCart } from "@/lib/cart/fix-cart";

export const POST = shopperRoute(async ({ shopper }) => cartResponse(shopper, await fixCart(shopper.deps, shopper.owner)), {
  rateLimit: "cart-write",
});
