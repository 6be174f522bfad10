// POST admin/orders/{orderId}/cancel → 200 { order }: cancels an order awaiting payment (the
// provider-side payment first; if it turns out paid, the order is PAID instead). 409 if not pending.
import { AppError } from "@/lib/errors";
import { adminWriteRoute } from "@/lib/http/admin-route";
import { requestDeps } from "@/lib/http/deps";
import { parseWith } from "@/lib/http/route";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { cancelOrderBodySchema, orderIdSchema } from "@/lib/orders/schemas";
import { createPaymentProviders } from "@/lib/payments/create-payment-providers";

// With an Idempotency-Key the answer is recorded once the cancel is done (the provider call is not
// part of the record's transaction, so the cancel runs on its own deps; a concurrent repeat waits
// for it, then replays).
export const POST = adminWriteRoute<{ store: string; orderId: string }>(async ({ admin: { store, actor }, params, text }) => {
  const id = parseWith(orderIdSchema, params.orderId);
  const body = parseWith(cancelOrderBodySchema, jsonOrEmpty(text));
  const deps = requestDeps();
  const order = await cancelOrder(
    { ...deps, payments: createPaymentProviders(deps.db) },
    { storeId: store.id, orderId: id, actor: { type: actor.type, id: actor.id, label: body.reason ? `${actor.label}: ${body.reason}` : actor.label } },
  );
  return { status: 200, body: { order } };
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
