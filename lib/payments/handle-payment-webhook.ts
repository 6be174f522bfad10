// A provider's webhook: verify the signature, then settle the payment exactly once. A replayed or
// concurrent duplicate event changes nothing (its id is recorded in the same transaction).
import { AppError } from "@/lib/errors";
import { settlePayment, type PaymentDeps, type SettleCode } from "@/lib/payments/settle-payment";

export type WebhookResult = { received: true; eventId: string; type: string; result: SettleCode | "IGNORED" };

export async function handlePaymentWebhook(
  deps: PaymentDeps,
  input: { provider: string; rawBody: string; headers: Headers },
): Promise<WebhookResult> {
  const provider = deps.payments.get(input.provider);
  if (!provider) throw new AppError("NOT_FOUND", "Unknown payment provider.");
  const event = provider.verifyWebhook(input.rawBody, input.headers, deps.now);
  if (!event.outcome || !event.ref) return { received: true, eventId: event.id, type: event.type, result: "IGNORED" };
  const settled = await settlePayment(deps, {
    provider: provider.name,
    ref: event.ref,
    outcome: event.outcome,
    event: { id: event.id, type: event.type },
    source: `webhook:${provider.name}`,
  });
  return { received: true, eventId: event.id, type: event.type, result: settled.code };
}
