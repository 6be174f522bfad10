// GET /api/stores/{store}/orders/{orderId}: the order, for the cart/user that placed it or the store's admins (else 404).
import { getDb } from "@/lib/db";
import { parseWith, route } from "@/lib/http/route";
import { getOrderForViewer } from "@/lib/orders/get-order";
import { orderIdSchema } from "@/lib/orders/schemas";
import { getStoreBySlugOrThrow } from "@/lib/stores/get-store";
import { orderViewerOf } from "../_lib/order-viewer";

type Ctx = { params: Promise<{ store: string; orderId: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const { store: slug, orderId } = await ctx.params;
  const db = getDb();
  const store = await getStoreBySlugOrThrow({ db }, slug);
  const id = parseWith(orderIdSchema, orderId);
  const order = await getOrderForViewer({ db }, { storeId: store.id, orderId: id, viewer: await orderViewerOf(req, store) });
  return Response.json({ order }, { headers: { "Cache-Control": "no-store" } });
});
