// Ends an order that is still awaiting payment (past its deadline, or cancelled by an admin). It is
// cancelled only after the provider says it was not paid, and the provider-side payment is
// cancelled or expired FIRST, so a late payment cannot land; if the provider says it was paid, the
// order becomes PAID instead. Each transition happens once (payment_settle / order_cancel guard it).
import type { Actor } from "@/lib/inventory/actor";
import { outcomeOf, type ProviderPaymentStatus } from "@/lib/payments/payment-provider";
import { settlePayment, type PaymentDeps } from "@/lib/payments/settle-payment";
import { getLogger } from "@/lib/observability/logger";

export type CloseReason = "PAYMENT_TIMEOUT" | "BY_ADMIN";

/**
 * CANCELLED / PAID: what happened (or, in a dry run, what would happen); NO_CHANGE: someone else
 * settled it first; PENDING: the provider could not end the payment yet; ERROR: the provider could
 * not be asked (left for the next run).
 */
export type CloseOutcome = "CANCELLED" | "PAID" | "REFUNDED" | "NO_CHANGE" | "PENDING" | "ERROR";

export async function closeUnpaidOrder(
  deps: PaymentDeps,
  input: { orderId: string; reason: CloseReason; source: string; actor?: Actor; dryRun?: boolean },
): Promise<CloseOutcome> {
  const payment = await deps.db.payment.findFirst({
    where: { orderId: input.orderId },
    orderBy: { createdAt: "desc" },
    select: { provider: true, providerRef: true, status: true },
  });
  if (!payment || payment.status !== "PENDING") {
    // No provider-side payment is open: nothing can land later.
    if (payment?.status === "SUCCEEDED") return settle("succeeded");
    if (input.dryRun) return "CANCELLED";
    return cancelWithoutPayment();
  }

  const provider = deps.payments.get(payment.provider);
  if (!provider) return "ERROR";
  let status: ProviderPaymentStatus;
  try {
    status = input.dryRun ? await provider.getStatus(payment.providerRef, deps.now) : await provider.cancel(payment.providerRef, deps.now);
  } catch (e) {
    getLogger().warn({ provider: payment.provider, ref: payment.providerRef, err: e }, "could not end the provider-side payment");
    return "ERROR";
  }
  if (input.dryRun) return status === "succeeded" ? "PAID" : "CANCELLED";
  const outcome = outcomeOf(status);
  if (!outcome) return "PENDING";
  return settle(outcome);

  async function settle(outcome: "succeeded" | "failed" | "expired"): Promise<CloseOutcome> {
    if (input.dryRun) return outcome === "succeeded" ? "PAID" : "CANCELLED";
    const result = await settlePayment(deps, {
      provider: payment!.provider,
      ref: payment!.providerRef,
      outcome,
      cancelReason: outcome === "failed" ? "PAYMENT_FAILED" : input.reason,
      source: input.actor?.label ?? input.source,
    });
    switch (result.code) {
      case "PAID":
      case "LATE_SOLD":
        return "PAID";
      case "CANCELLED":
        return "CANCELLED";
      case "REFUND_NEEDED":
        return "REFUNDED";
      default:
        return "NO_CHANGE";
    }
  }

  async function cancelWithoutPayment(): Promise<CloseOutcome> {
    const actor = input.actor ?? { type: "SYSTEM" as const, id: null, label: input.source };
    const rows = await deps.db.$queryRaw<{ code: string }[]>`
      SELECT code FROM order_cancel(${input.orderId}, ${input.reason}, ${actor.type}::"ActorType", ${actor.id ?? null}::text,
        ${actor.label ?? null}::text, ${deps.now.toISOString()}::timestamp(3))`;
    return rows[0]?.code === "CANCELLED" ? "CANCELLED" : "NO_CHANGE";
  }
}
