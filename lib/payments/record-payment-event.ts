// The payment's history for the admin order page: what a webhook or the sync job heard from the
// provider and what the shop did with it. Informative only: a failure to write it is logged and
// never undoes or blocks the settlement it describes.
import type { Db } from "@/lib/db";
import { getLogger } from "@/lib/observability/logger";

export async function recordPaymentEvent(
  deps: { db: Db; now: Date },
  input: { provider: string; ref: string; source: string; status: string; result: string | null },
): Promise<void> {
  try {
    const payment = await deps.db.payment.findUnique({ where: { provider_providerRef: { provider: input.provider, providerRef: input.ref } }, select: { id: true } });
    if (!payment) return;
    await deps.db.paymentStatusEvent.create({
      data: { paymentId: payment.id, source: input.source.slice(0, 200), status: input.status, result: input.result, createdAt: deps.now },
    });
  } catch (e) {
    getLogger().warn({ provider: input.provider, ref: input.ref, err: e }, "payment history not recorded");
  }
}
