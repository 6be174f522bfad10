// The sandbox's "Pay now" / "Decline" (and the simulation route): settle the sandbox-side payment,
// then tell the shop by signed webhook, unless webhooks are off (SANDBOX_WEBHOOKS=off simulates lost
// webhooks). The shop's order does not depend on the webhook: the sync job polls the status.
import type { Db } from "@/lib/db";
import { sendSandboxWebhook, setSandboxOutcome, type SandboxOutcome, type SandboxPaymentView } from "@/lib/payments/sandbox/sandbox-books";
import { getLogger } from "@/lib/observability/logger";

export type SandboxCompletion = {
  payment: SandboxPaymentView;
  webhook: { sent: boolean; delivered: boolean; status?: number; error?: string };
};

export async function completeSandboxPayment(
  deps: { db: Db; now: Date },
  input: { ref: string; outcome: SandboxOutcome; webhook: { url: string; secret: string } | null },
  fetchImpl: typeof fetch = fetch,
): Promise<SandboxCompletion> {
  const { payment, event } = await setSandboxOutcome(deps, { ref: input.ref, outcome: input.outcome });
  if (!event || !input.webhook) return { payment, webhook: { sent: false, delivered: false } };
  const delivery = await sendSandboxWebhook({ url: input.webhook.url, secret: input.webhook.secret, event, now: deps.now }, fetchImpl);
  if (!delivery.delivered) getLogger().warn({ ref: payment.ref, status: delivery.status, error: delivery.error }, "sandbox webhook not delivered");
  return { payment, webhook: { sent: true, ...delivery } };
}

/** The sandbox payment as its hosted page and the simulation route show it. */
export function sandboxPaymentDto(p: SandboxPaymentView) {
  return { ref: p.ref, status: p.status, amountCents: p.amountCents, currency: p.currency, reference: p.reference, expiresAt: p.expiresAt.toISOString() };
}
