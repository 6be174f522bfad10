// Gives several holds' units back at once (a failed, cancelled or timed-out order): ACTIVE holds
// become RELEASED (or EXPIRED) and reserved drops, each hold exactly once.
import type { Prisma } from "@/lib/db";
import { actorArgs, type Actor } from "@/lib/inventory/actor";
import type { HoldTransition } from "@/lib/inventory/sell-holds";
import type { SqlClient, SqlDeps } from "@/lib/inventory/sql-client";

export type ReleaseHoldsArgs = {
  holdIds: readonly string[];
  /** Not needed by the engine (each ledger row names its hold's own order); accepted for symmetry. */
  orderId?: string | null;
  /** RELEASED (default) or EXPIRED (a lapse). */
  status?: "RELEASED" | "EXPIRED";
  reason: string;
  actor: Actor;
};

/** The statement alone, unawaited, for `db.$transaction([...])` batches. */
export function releaseHoldsQuery(db: SqlClient, input: ReleaseHoldsArgs, now: Date): Prisma.PrismaPromise<HoldTransition[]> {
  const a = actorArgs(input.actor);
  return db.$queryRaw<HoldTransition[]>`
    SELECT hold_id AS "holdId", item_id AS "itemId", quantity FROM inv_release_holds(
      ${[...input.holdIds]}::text[], ${input.status ?? "RELEASED"}::"HoldStatus", ${a.type}::"ActorType", ${a.id}, ${a.label},
      ${input.reason}, ${now.toISOString()}::timestamp(3))`;
}

export async function releaseHolds(deps: SqlDeps, input: ReleaseHoldsArgs): Promise<HoldTransition[]> {
  if (input.holdIds.length === 0) return [];
  return releaseHoldsQuery(deps.db, input, deps.now);
}
