// POST admin/orders/{orderId}/cancel → 200 { order }: cancels an order awaiting payment (the
// provider-side payment first; if it turns out paid, the order is PAID instead). 409 if not pending.
import { parseWith, route } from "@/lib/http/route";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { cancelOrderBodySchema, orderIdSchema } from "@/lib/orders/schemas";
import { createPaymentProviders } from "@/lib/payments/create-payment-providers";
import { adminWrite } from "../../../_shared/write";

type Ctx = { params: Promise<{ store: string; orderId: string }> };

// With an Idempotency-Key the answer is recorded once the cancel is done (the provider call is not
// part of the record's transaction; a concurrent repeat waits for it, then replays).
export const POST = route(async (req: Request, { params }: Ctx) => {
  const { store: slug, orderId } = await params;
  return adminWrite(req, slug, async ({ store, actor, text }) => {
    const id = parseWith(orderIdSchema, orderId);
    const body = parseWith(cancelOrderBodySchema, jsonOrEmpty(text));
    const db = getDb();
    const order = await cancelOrder(
      { db, now: new Date(), payments: createPaymentProviders(db) },
      { storeId: store.id, orderId: id, actor: { type: actor.type, id: actor.id, label: body.reason ? `${actor.label}: ${body.reason}` : actor.label } },
    );
    return { status: 200, body: { order } };
  });
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
