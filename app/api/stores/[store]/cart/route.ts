import { route } from "@/lib/http/route";
import { cartResponse, resolveShopper } from "@/lib/http/shopper";
import { getCartView } from "@/lib/cart/get-cart-view";
import { clearCart } from "@/lib/cart/clear-cart";

type Ctx = { params: Promise<{ store: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveShopper(req, ctx);
  return cartResponse(shopper, await getCartView(shopper.deps, shopper.owner));
});

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveShopper(req, ctx);
  return cartResponse(shopper, await clearCart(shopper.deps, shopper.owner));
}, { rateLimit: "cart-write" });
