// Housekeeping: expires lapsed cart holds in bounded batches within a time budget. Correctness never
// waits for it (lapsed holds neither block shoppers nor lower availability); it keeps the books tidy.
import type { SqlDeps } from "@/lib/inventory/sql-client";

export type SweepResult = { expiredHolds: number; releasedUnits: number; batches: number; done: boolean };

export async function sweepLapsedHolds(
  deps: SqlDeps,
  input: { batchSize?: number; deadline?: number; dryRun?: boolean } = {},
): Promise<SweepResult> {
  const batchSize = Math.max(1, Math.floor(input.batchSize ?? 5000));
  const at = deps.now.toISOString();
  if (input.dryRun) {
    const [r] = await deps.db.$queryRaw<Array<{ holds: number; units: number }>>`
      SELECT count(*)::int AS holds, COALESCE(sum(h.quantity), 0)::int AS units FROM "Hold" h
      WHERE h.status = 'ACTIVE' AND h."orderId" IS NULL AND h."expiresAt" <= ${at}::timestamp(3)`;
    const holds = r?.holds ?? 0;
    // What a real run would do: the batches it would take, nothing changed.
    return { expiredHolds: holds, releasedUnits: r?.units ?? 0, batches: Math.ceil(holds / batchSize), done: true };
  }

  const result: SweepResult = { expiredHolds: 0, releasedUnits: 0, batches: 0, done: false };
  for (;;) {
    if (input.deadline !== undefined && Date.now() >= input.deadline) return result;
    // Each call is its own transaction (items locked in id order, locked holds skipped).
    const [r] = await deps.db.$queryRaw<Array<{ holds: number; units: number }>>`
      SELECT holds, units FROM inv_sweep_lapsed(${at}::timestamp(3), ${batchSize}::int)`;
    const holds = r?.holds ?? 0;
    if (holds > 0) {
      result.batches += 1;
      result.expiredHolds += holds;
      result.releasedUnits += r?.units ?? 0;
    }
    // A short batch means nothing lapsed is left (except holds other transactions are ending now).
    if (holds < batchSize) {
      result.done = true;
      return result;
    }
  }
}
