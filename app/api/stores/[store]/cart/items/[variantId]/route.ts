import { parseWith, readJson, route } from "@/lib/http/route";
import { cartResponse, resolveShopper } from "@/lib/http/shopper";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { cartItemParamsSchema, setCartItemSchema } from "@/lib/cart/schemas";

type Ctx = { params: Promise<{ store: string; variantId: string }> };

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveShopper(req, ctx, { write: true });
  const { variantId } = parseWith(cartItemParamsSchema, await ctx.params);
  const { quantity } = parseWith(setCartItemSchema, await readJson(req));
  const cart = await setCartLine(shopper.deps, { ...shopper.owner, variantId, mode: "set", quantity });
  return cartResponse(shopper, cart);
}, { rateLimit: "cart-write" });

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveShopper(req, ctx);
  const { variantId } = parseWith(cartItemParamsSchema, await ctx.params);
  const cart = await setCartLine(shopper.deps, { ...shopper.owner, variantId, mode: "set", quantity: 0 });
  return cartResponse(shopper, cart);
}, { rateLimit: "cart-write" });
