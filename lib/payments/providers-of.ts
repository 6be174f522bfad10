// The configured providers as PaymentProviders, each wrapped in a span of its own
// (lib/observability): the active one first, the others kept for payments made before a switch.
import { tracePaymentProvider } from "@/lib/observability/trace-payment-provider";
import type { PaymentProvider, PaymentProviders } from "@/lib/payments/payment-provider";

export function providersOf(active: PaymentProvider, ...others: PaymentProvider[]): PaymentProviders {
  const traced = [active, ...others].map((p) => tracePaymentProvider(p));
  const all = new Map(traced.map((p) => [p.name as string, p]));
  return { active: traced[0]!, get: (name) => all.get(name) ?? null };
}
