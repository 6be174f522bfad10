// The cleanup job's order step: PENDING_PAYMENT orders past their deadline, each closed by
// closeUnpaidOrder (asks the provider first: a payment that landed is kept, not cancelled).
import { closeUnpaidOrder } from "@/lib/orders/close-unpaid-order";
import type { PaymentDeps } from "@/lib/payments/settle-payment";

export type OverdueFigures = { cancelled: number; paid: number; pending: number; done: boolean };

/** Orders past their deadline, oldest first, in keyset batches (rows a webhook is settling are skipped). */
export async function settleOverdueOrders(
  deps: PaymentDeps,
  input: { dryRun: boolean; batchSize: number; deadline: number },
): Promise<OverdueFigures> {
  const figures: OverdueFigures = { cancelled: 0, paid: 0, pending: 0, done: false };
  const now = deps.now.toISOString();
  let after: { deadline: Date; id: string } | null = null;
  for (;;) {
    if (Date.now() >= input.deadline) return figures;
    const batch: { id: string; paymentDeadline: Date }[] = await deps.db.$queryRaw`
      SELECT o.id, o."paymentDeadline" FROM "Order" o
      WHERE o.status = 'PENDING_PAYMENT' AND o."paymentDeadline" <= ${now}::timestamp(3)
        AND (${after?.deadline.toISOString() ?? null}::timestamp(3) IS NULL
          OR (o."paymentDeadline", o.id) > (${after?.deadline.toISOString() ?? null}::timestamp(3), ${after?.id ?? ""}))
      ORDER BY o."paymentDeadline", o.id
      LIMIT ${input.batchSize}
      FOR UPDATE SKIP LOCKED`;
    for (const order of batch) {
      if (Date.now() >= input.deadline) return figures;
      const outcome = await closeUnpaidOrder(deps, { orderId: order.id, reason: "PAYMENT_TIMEOUT", source: "cleanup", dryRun: input.dryRun });
      if (outcome === "CANCELLED" || outcome === "REFUNDED") figures.cancelled += 1;
      else if (outcome === "PAID") figures.paid += 1;
      else if (outcome === "PENDING" || outcome === "ERROR") figures.pending += 1;
      after = { deadline: order.paymentDeadline, id: order.id };
    }
    if (batch.length < input.batchSize) {
      figures.done = true;
      return figures;
    }
  }
}
