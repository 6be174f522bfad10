// Housekeeping: expires lapsed cart holds in bounded batches within a time budget. Correctness never
// waits for it (lapsed holds neither block shoppers nor lower availability); it keeps the books tidy,
// so it gives way to shoppers: while other sessions are working on the database it sweeps one share at
// a time in small batches and rests between them.
import type { SqlDeps } from "@/lib/inventory/sql-client";

export type SweepResult = {
  expiredHolds: number;
  releasedUnits: number;
  batches: number;
  done: boolean;
  /** Batches taken in the yielding pace (other sessions were working). Absent from a dry run. */
  yieldedBatches?: number;
};

/**
 * How many shares of the items are swept at once, each on its own connection (inv_sweep_lapsed's
 * p_part of p_parts: disjoint items, so the shares never wait on each other). Two: a small
 * database's cores (bench/results.json: 100,000 holds in about half the time of one share). A
 * constant, not a setting: a run killed mid-batch is waited for share by share by the next run,
 * which only works when both cut the items the same way.
 */
export const SWEEP_SHARES = 2;

/**
 * The pace while other sessions are working: one share at a time, batches of at most `batchSize`
 * holds (their items stay locked for a few milliseconds), then a rest of `restFactor` times the
 * batch's own duration, so that the sweep takes about 1 / (1 + restFactor) of one core. Shoppers
 * run at the speed they would without it, within the ratio bench/results.json measures.
 */
export const SWEEP_YIELD = { batchSize: 1000, restFactor: 2 } as const;

export async function sweepLapsedHolds(
  deps: SqlDeps,
  input: { batchSize?: number; deadline?: number; dryRun?: boolean; /** Default true. */ yieldToOthers?: boolean } = {},
): Promise<SweepResult> {
  const batchSize = Math.max(1, Math.floor(input.batchSize ?? 5000));
  const at = deps.now.toISOString();
  if (input.dryRun) {
    // What a real run would do at full pace, share by share (the batches it would take), nothing changed.
    const perShare = await deps.db.$queryRaw<Array<{ holds: number; units: number }>>`
      SELECT count(*)::int AS holds, COALESCE(sum(h.quantity), 0)::int AS units FROM "Hold" h
      WHERE inv_is_lapsed(h, ${at}::timestamp(3))
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

  // Shares run side by side, each in its own loop; while others are working they pass a baton, so
  // that one yielded batch (and its rest) runs at a time.
  let baton: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = baton.then(work);
    baton = run.catch(() => undefined);
    return run;
  };
  // Every share is waited for, even when one fails (a drifted item's batch hits the counters'
  // CHECK): none is left running after the caller has moved on.
  const settled = await Promise.allSettled(
    Array.from({ length: SWEEP_SHARES }, (_, part) => sweepShare(deps, { at, batchSize, part, deadline: input.deadline, yieldToOthers: input.yieldToOthers ?? true, inTurn })),
  );
  const shares = settled.map((r) => {
    if (r.status === "rejected") throw r.reason;
    return r.value;
  });
  return shares.reduce((a, b) => ({
    expiredHolds: a.expiredHolds + b.expiredHolds,
    releasedUnits: a.releasedUnits + b.releasedUnits,
    batches: a.batches + b.batches,
    done: a.done && b.done,
    yieldedBatches: a.yieldedBatches + b.yieldedBatches,
  }));
}

async function sweepShare(
  deps: SqlDeps,
  input: { at: string; batchSize: number; part: number; deadline?: number; yieldToOthers: boolean; inTurn: <T>(work: () => Promise<T>) => Promise<T> },
): Promise<Required<SweepResult>> {
  const result: Required<SweepResult> = { expiredHolds: 0, releasedUnits: 0, batches: 0, done: false, yieldedBatches: 0 };
  const pastDeadline = () => input.deadline !== undefined && Date.now() >= input.deadline;
  for (;;) {
    if (pastDeadline()) return result;
    const yielding = input.yieldToOthers && (await othersAreWorking(deps));
    const size = yielding ? Math.min(input.batchSize, SWEEP_YIELD.batchSize) : input.batchSize;
    const batch = yielding
      ? await input.inTurn(async () => {
          if (pastDeadline()) return null;
          const started = Date.now();
          const b = await sweepBatch(deps, { at: input.at, size, part: input.part });
          const rest = (Date.now() - started) * SWEEP_YIELD.restFactor;
          const left = input.deadline === undefined ? rest : Math.min(rest, input.deadline - Date.now());
          if (b.holds === size && left > 0) await new Promise((resolve) => setTimeout(resolve, left));
          return b;
        })
      : await sweepBatch(deps, { at: input.at, size, part: input.part });
    if (!batch) return result;
    if (batch.holds > 0) {
      result.batches += 1;
      if (yielding) result.yieldedBatches += 1;
      result.expiredHolds += batch.holds;
      result.releasedUnits += batch.units;
    }
    // A short batch means nothing lapsed is left in this share (except holds other transactions are ending now).
    if (batch.holds < size) {
      result.done = true;
      return result;
    }
  }
}

/** One transaction: up to `size` lapsed holds of one share (items locked in id order, locked holds skipped). */
async function sweepBatch(deps: SqlDeps, input: { at: string; size: number; part: number }): Promise<{ holds: number; units: number }> {
  const [r] = await deps.db.$queryRaw<Array<{ holds: number; units: number }>>`
    SELECT holds, units FROM inv_sweep_lapsed(${input.at}::timestamp(3), ${input.size}::int, ${input.part}::int, ${SWEEP_SHARES}::int)`;
  return { holds: r?.holds ?? 0, units: r?.units ?? 0 };
}

/**
 * Whether another session of this database is working: running a statement now, or finished one in
 * the last 100 ms (an app's requests leave its connections idle most of the time, a busy shop never
 * for long), leaving aside sweep batches and these checks themselves (the other shares'). A
 * database that hides other sessions from this role (or has no pg_stat_activity) reads as idle: the
 * sweep then runs at full pace, as it always could.
 */
async function othersAreWorking(deps: SqlDeps): Promise<boolean> {
  try {
    const [r] = await deps.db.$queryRaw<Array<{ busy: boolean }>>`
      SELECT EXISTS (
        SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
          AND (state = 'active' OR state_change > statement_timestamp() - interval '100 milliseconds')
          AND query NOT LIKE '%inv_sweep_lapsed%' AND query NOT LIKE '%pg_stat_activity%'
      ) AS busy`;
    return r?.busy ?? false;
  } catch {
    return false;
  }
}
