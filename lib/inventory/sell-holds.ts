// A paid order's sale: its ACTIVE holds become SOLD and stock and reserved both drop by their
// quantities, each hold exactly once however often (or concurrently) this is called.
import type { Prisma } from "@/lib/db";
import { actorArgs, type Actor } from "@/lib/inventory/actor";
import type { SqlClient, SqlDeps } from "@/lib/inventory/sql-client";

/** A hold that moved: the ones already SOLD / RELEASED / EXPIRED are not listed. */
export type HoldTransition = { holdId: string; itemId: string; quantity: number };

export type SellHoldsArgs = { holdIds: readonly string[]; orderId?: string | null; reason: string; actor: Actor };

/**
 * The statement alone, unawaited, for `db.$transaction([...])` batches; `db` may be the client or a
 * transaction client.
 */
export function sellHoldsQuery(db: SqlClient, input: SellHoldsArgs, now: Date): Prisma.PrismaPromise<HoldTransition[]> {
  const a = actorArgs(input.actor);
  return db.$queryRaw<HoldTransition[]>`
    SELECT hold_id AS "holdId", item_id AS "itemId", quantity FROM inv_sell_holds(
      ${[...input.holdIds]}::text[], ${input.orderId ?? null}::text, ${a.type}::"ActorType", ${a.id}, ${a.label},
      ${input.reason}, ${now.toISOString()}::timestamp(3))`;
}

export async function sellHolds(deps: SqlDeps, input: SellHoldsArgs): Promise<HoldTransition[]> {
  if (input.holdIds.length === 0) return [];
  return sellHoldsQuery(deps.db, input, deps.now);
}
