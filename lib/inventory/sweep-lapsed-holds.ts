// Housekeeping: expires lapsed cart holds in bounded batches within a time budget. Correctness never
// waits for it (lapsed holds neither block shoppers nor lower availability); it keeps the books tidy.
import type { SqlDeps } from "@/lib/inventory/sql-client";

export type SweepResult = { expiredHolds: number; releasedUnits: number; batches: number; done: boolean };

/**
 * How many shares of the items are swept at once, each on its own connection (inv_sweep_lapsed's
 * p_part of p_parts: disjoint items, so the shares never wait on each other). Two: a small
 * database's cores (bench/results.json: 100,000 holds in about half the time of one share). A
 * constant, not a setting: a run killed mid-batch is waited for share by share by the next run,
 * which only works when both cut the items the same way.
 */
export const SWEEP_SHARES = 2;

export async function sweepLapsedHolds(
  deps: SqlDeps,
  input: { batchSize?: number; deadline?: number; dryRun?: boolean } = {},
): Promise<SweepResult> {
  const batchSize = Math.max(1, Math.floor(input.batchSize ?? 5000));
  const at = deps.now.toISOString();
  if (input.dryRun) {
    // What a real run would do, share by share (the batches it would take), nothing changed.
    const perShare = await deps.db.$queryRaw<Array<{ holds: number; units: number }>>`
      SELECT count(*)::int AS holds, COALESCE(sum(h.quantity), 0)::int AS units FROM "Hold" h
      WHERE h.status = 'ACTIVE' AND h."orderId" IS NULL AND h."expiresAt" <= ${at}::timestamp(3)
      GROUP BY (hashtext(h."inventoryItemId") & 2147483647) % ${SWEEP_SHARES}::int`;
    return perShare.reduce<SweepResult>(
      (acc, r) => ({
        expiredHolds: acc.expiredHolds + r.holds,
        releasedUnits: acc.releasedUnits + r.units,
        batches: acc.batches + Math.ceil(r.holds / batchSize),
        done: true,
      }),
      { expiredHolds: 0, releasedUnits: 0, batches: 0, done: true },
    );
  }

  const shares = await Promise.all(Array.from({ length: SWEEP_SHARES }, (_, part) => sweepShare(deps, { at, batchSize, part, deadline: input.deadline })));
  return shares.reduce((a, b) => ({
    expiredHolds: a.expiredHolds + b.expiredHolds,
    releasedUnits: a.releasedUnits + b.releasedUnits,
    batches: a.batches + b.batches,
    done: a.done && b.done,
  }));
}

async function sweepShare(deps: SqlDeps, input: { at: string; batchSize: number; part: number; deadline?: number }): Promise<SweepResult> {
  const result: SweepResult = { expiredHolds: 0, releasedUnits: 0, batches: 0, done: false };
  for (;;) {
    if (input.deadline !== undefined && Date.now() >= input.deadline) return result;
    // Each call is its own transaction (items locked in id order, locked holds skipped).
    const [r] = await deps.db.$queryRaw<Array<{ holds: number; units: number }>>`
      SELECT holds, units FROM inv_sweep_lapsed(${input.at}::timestamp(3), ${input.batchSize}::int, ${input.part}::int, ${SWEEP_SHARES}::int)`;
    const holds = r?.holds ?? 0;
    if (holds > 0) {
      result.batches += 1;
      result.expiredHolds += holds;
      result.releasedUnits += r?.units ?? 0;
    }
    // A short batch means nothing lapsed is left in this share (except holds other transactions are ending now).
    if (holds < input.batchSize) {
      result.done = true;
      return result;
    }
  }
}
