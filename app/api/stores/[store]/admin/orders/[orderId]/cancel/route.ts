// POST admin/orders/{orderId}/cancel → 200 { order }: cancels an order awaiting payment (the
// provider-side payment first; if it turns out paid, the order is PAID instead). 409 if not pending.
import { MAX_JSON_BYTES, parseWith, readTextCapped, route } from "@/lib/http/route";
import { AppError } from "@/lib/errors";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { getDb } from "@/lib/db";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { cancelOrderBodySchema, orderIdSchema } from "@/lib/orders/schemas";
import { createPaymentProviders } from "@/lib/payments/create-payment-providers";
import { adminJson } from "../../../_shared/respond";

type Ctx = { params: Promise<{ store: string; orderId: string }> };

export const POST = route(async (req: Request, { params }: Ctx) => {
  const { store: slug, orderId } = await params;
  const { store, actor } = await authorizeStoreAdmin(req, slug);
  const id = parseWith(orderIdSchema, orderId);
  const body = parseWith(cancelOrderBodySchema, jsonOrEmpty(await readTextCapped(req, MAX_JSON_BYTES)));
  const db = getDb();
  const order = await cancelOrder(
    { db, now: new Date(), payments: createPaymentProviders(db) },
    { storeId: store.id, orderId: id, actor: { type: actor.type, id: actor.id, label: body.reason ? `${actor.label}: ${body.reason}` : actor.label } },
  );
  return adminJson({ order });
});

/** The body is optional ({ reason }); when present it must be JSON. */
function jsonOrEmpty(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The body is not valid JSON.");
  }
}
