import { parseWith, readJson } from "@/lib/http/route";
import { cartResponse, shopperRoute } from "@/lib/http/shopper-route";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { addCartItemSchema } from "@/lib/cart/schemas";

// The hot path of a drop: the shopper (session or cart cookie) is resolved once, for the rate
// limiter and for the write.
export const POST = shopperRoute(
  async ({ shopper, req }) => {
    const { variantId, quantity } = parseWith(addCartItemSchema, await readJson(req));
    return cartResponse(shopper, await setCartLine(shopper.deps, { ...shopper.owner, variantId, mode: "add", quantity }));
  },
  { rateLimit: "cart-write", write: true },
);
