// Every call to a payment provider (create, status, cancel, refund) in a span of its own, with the
// provider's name and outcome: the calls that leave the building are the ones worth timing.
import type { PaymentProvider } from "@/lib/payments/payment-provider";
import { traceOperation } from "@/lib/observability/trace-operation";

const TRACED = Symbol.for("shop.traced-provider");

export function tracePaymentProvider<P extends PaymentProvider>(provider: P): P {
  if ((provider as unknown as Record<symbol, boolean>)[TRACED]) return provider;
  const attrs = { "shop.provider": provider.name };
  const traced: PaymentProvider = {
    name: provider.name,
    createPayment: (input) =>
      traceOperation("payment.provider.create", { ...attrs, "shop.order_id": input.orderId }, () => provider.createPayment(input)),
    getStatus: (ref, now) =>
      traceOperation("payment.provider.status", attrs, async (span) => {
        const status = await provider.getStatus(ref, now);
        span.setAttribute("shop.payment_status", status);
        return status;
      }),
    cancel: (ref, now) =>
      traceOperation("payment.provider.cancel", attrs, async (span) => {
        const status = await provider.cancel(ref, now);
        span.setAttribute("shop.payment_status", status);
        return status;
      }),
    refund: (ref, now) => traceOperation("payment.provider.refund", attrs, () => provider.refund(ref, now)),
    verifyWebhook: (rawBody, headers, now) => provider.verifyWebhook(rawBody, headers, now),
  };
  // Keep anything else the provider exposes (tests and adapters may use extra members).
  return Object.assign(Object.create(provider) as P, traced, { [TRACED]: true });
}
