// Test drivers for the engine's batch transitions, inv_sell_holds and inv_release_holds
// (prisma/sql/inventory). In production only the engine calls them (payment-apply-outcome sells a
// paid order's holds, order-cancel and checkout release them); the tests aim them at chosen holds.
import { actorArgs, type Actor } from "@/lib/inventory/actor";
import type { SqlDeps } from "@/lib/inventory/sql-client";

/** A hold that moved: the ones already SOLD / RELEASED / EXPIRED are not listed. */
export type HoldTransition = { holdId: string; itemId: string; quantity: number };

type Args = { holdIds: readonly string[]; orderId?: string | null; reason: string; actor: Actor };

export async function sellHolds(deps: SqlDeps, input: Args): Promise<HoldTransition[]> {
  if (input.holdIds.length === 0) return [];
  const a = actorArgs(input.actor);
  return deps.db.$queryRaw<HoldTransition[]>`
    SELECT hold_id AS "holdId", item_id AS "itemId", quantity FROM inv_sell_holds(
      ${[...input.holdIds]}::text[], ${input.orderId ?? null}::text, ${a.type}::"ActorType", ${a.id}, ${a.label},
      ${input.reason}, ${deps.now.toISOString()}::timestamp(3))`;
}

/** status: RELEASED (default) or EXPIRED (a lapse). */
export async function releaseHolds(deps: SqlDeps, input: Args & { status?: "RELEASED" | "EXPIRED" }): Promise<HoldTransition[]> {
  if (input.holdIds.length === 0) return [];
  const a = actorArgs(input.actor);
  return deps.db.$queryRaw<HoldTransition[]>`
    SELECT hold_id AS "holdId", item_id AS "itemId", quantity FROM inv_release_holds(
      ${[...input.holdIds]}::text[], ${input.status ?? "RELEASED"}::"HoldStatus", ${a.type}::"ActorType", ${a.id}, ${a.label},
      ${input.reason}, ${deps.now.toISOString()}::timestamp(3))`;
}
