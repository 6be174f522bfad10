// Applies a provider's outcome to its payment and order exactly once (payment_settle, one round
// trip, guarded under the order's row lock), whoever reports it: webhook, sync job, cleanup, admin.
// A success for an order that can no longer be delivered is refunded through the provider.
import type { Db } from "@/lib/db";
import type { PaymentOutcome, PaymentProviders } from "@/lib/payments/payment-provider";
import { getLogger } from "@/lib/observability/logger";
import { traceOperation } from "@/lib/observability/trace-operation";
import { recordPaymentEvent } from "@/lib/payments/record-payment-event";

export type PaymentDeps = { db: Db; now: Date; payments: PaymentProviders };

export type SettleCode = "DUPLICATE_EVENT" | "NOT_FOUND" | "PAID" | "LATE_SOLD" | "REFUND_NEEDED" | "CANCELLED" | "NO_CHANGE";

export type SettleResult = {
  code: SettleCode;
  orderId: string | null;
  orderStatus: "PENDING_PAYMENT" | "PAID" | "CANCELLED" | null;
  /** For REFUND_NEEDED: whether the provider confirmed the refund now (else the sync job retries). */
  refunded: boolean;
};

export type SettleInput = {
  provider: string;
  ref: string;
  outcome: PaymentOutcome;
  /** The order's cancelReason when this cancels it (default PAYMENT_FAILED / PAYMENT_TIMEOUT). */
  cancelReason?: string;
  /** A webhook's event: recorded in the same transaction, so a replay changes nothing. */
  event?: { id: string; type: string };
  /** Who reported it, for the ledger: "webhook:sandbox", "payment-sync", "cleanup", "admin:…". */
  source: string;
};

type Row = { code: SettleCode; order_id: string | null; order_status: SettleResult["orderStatus"] };

export async function settlePayment(deps: PaymentDeps, input: SettleInput): Promise<SettleResult> {
  const attrs = { "shop.provider": input.provider, "shop.payment_outcome": input.outcome, "shop.source": input.source };
  return traceOperation("payment.settle", attrs, async (span) => {
    const result = await applyOutcome(deps, input);
    span.setAttribute("shop.settle_code", result.code);
    return result;
  });
}

async function applyOutcome(deps: PaymentDeps, input: SettleInput): Promise<SettleResult> {
  const rows = await deps.db.$queryRaw<Row[]>`
    SELECT code, order_id, order_status::text AS order_status FROM payment_settle(
      ${input.provider}, ${input.ref}, ${input.outcome}, ${input.cancelReason ?? null}::text,
      ${input.event?.id ?? null}::text, ${input.event?.type ?? null}::text, ${input.source}, ${deps.now.toISOString()}::timestamp(3))`;
  const r = rows[0];
  if (!r) throw new Error("payment_settle returned no row");
  const result: SettleResult = { code: r.code, orderId: r.order_id, orderStatus: r.order_status, refunded: false };
  if (r.code !== "NOT_FOUND") await recordPaymentEvent(deps, { provider: input.provider, ref: input.ref, source: input.source, status: input.outcome, result: r.code });
  if (r.code === "REFUND_NEEDED") result.refunded = await refundLatePayment(deps, { provider: input.provider, ref: input.ref });
  return result;
}

/**
 * Refunds a payment that landed when its units were gone, then records it (payment REFUNDED, order
 * LATE_PAYMENT_REFUNDED). The provider's refund is idempotent, so a retry or a racing twin is safe.
 * Returns false when the provider could not be reached (the sync job retries).
 */
export async function refundLatePayment(deps: PaymentDeps, input: { provider: string; ref: string }): Promise<boolean> {
  const provider = deps.payments.get(input.provider);
  if (!provider) return false;
  try {
    await provider.refund(input.ref, deps.now);
  } catch (e) {
    getLogger().warn({ provider: input.provider, ref: input.ref, err: e }, "refund failed; will retry");
    return false;
  }
  await deps.db.$queryRaw`SELECT payment_record_refund(${input.provider}, ${input.ref}, ${deps.now.toISOString()}::timestamp(3))`;
  return true;
}
