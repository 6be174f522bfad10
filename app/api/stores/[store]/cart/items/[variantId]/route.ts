import { parseWith, readJson } from "@/lib/http/route";
import { cartResponse, shopperRoute } from "@/lib/http/shopper-route";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { cartItemParamsSchema, setCartItemSchema } from "@/lib/cart/schemas";

type Params = { store: string; variantId: string };

export const PATCH = shopperRoute<Params>(
  async ({ shopper, req, params }) => {
    const { variantId } = parseWith(cartItemParamsSchema, params);
    const { quantity } = parseWith(setCartItemSchema, await readJson(req));
    return cartResponse(shopper, await setCartLine(shopper.deps, { ...shopper.owner, variantId, mode: "set", quantity }));
  },
  { rateLimit: "cart-write", write: true },
);

export const DELETE = shopperRoute<Params>(
  async ({ shopper, params }) => {
    const { variantId } = parseWith(cartItemParamsSchema, params);
    return cartResponse(shopper, await setCartLine(shopper.deps, { ...shopper.owner, variantId, mode: "set", quantity: 0 }));
  },
  { rateLimit: "cart-write" },
);
