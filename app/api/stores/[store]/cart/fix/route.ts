import { route } from "@/lib/http/route";
import { cartResponse, resolveShopper } from "@/lib/http/shopper";
import { fixCart } from "@/lib/cart/fix-cart";

type Ctx = { params: Promise<{ store: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveShopper(req, ctx);
  return cartResponse(shopper, await fixCart(shopper.deps, shopper.owner));
}, { rateLimit: "cart-write" });
