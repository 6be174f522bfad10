import { parseWith, readJson, route } from "@/lib/http/route";
import { cartResponse, resolveShopper } from "@/lib/http/shopper";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { addCartItemSchema } from "@/lib/cart/schemas";

type Ctx = { params: Promise<{ store: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveShopper(req, ctx, { write: true });
  const { variantId, quantity } = parseWith(addCartItemSchema, await readJson(req));
  const cart = await setCartLine(shopper.deps, { ...shopper.owner, variantId, mode: "add", quantity });
  return cartResponse(shopper, cart);
}, { rateLimit: "cart-write" });
