// POST /api/stores/{store}/orders/{orderId}/put-back: a cancelled order's lines back into the
// shopper's cart, held as far as possible now → 200 { cart, notes } (notes: what could not be had).
import { parseWith, route } from "@/lib/http/route";
import { resolveShopper } from "@/lib/http/shopper";
import { cartCookieHeader } from "@/lib/http/cart-cookie";
import { getOrderForViewer } from "@/lib/orders/get-order";
import { putOrderBackInCart } from "@/lib/orders/put-back-in-cart";
import { orderIdSchema } from "@/lib/orders/schemas";
import { orderViewerOf } from "../../_lib/order-viewer";

type Ctx = { params: Promise<{ store: string; orderId: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const { orderId } = await ctx.params;
  const id = parseWith(orderIdSchema, orderId);
  const shopper = await resolveShopper(req, ctx);
  // Only whoever may see the order (404 otherwise, as for the order itself).
  await getOrderForViewer(shopper.deps, { storeId: shopper.store.id, orderId: id, viewer: await orderViewerOf(req, shopper.store) });
  const result = await putOrderBackInCart(shopper.deps, { orderId: id, owner: shopper.owner });
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (shopper.newToken && result.cart.id) headers["Set-Cookie"] = cartCookieHeader(shopper.store.slug, shopper.newToken, shopper.deps.now, { secure: shopper.secureCookies });
  return Response.json(result, { headers });
}, { rateLimit: "cart-write" });
