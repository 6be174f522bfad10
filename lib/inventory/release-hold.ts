// The admin's "Release" of one reservation: a cart hold visible to the store goes back to
// available; an order's hold is refused (the order must be cancelled, so payment and units agree).
import { AppError } from "@/lib/errors";
import { actorArgs, type Actor } from "@/lib/inventory/actor";
import type { SqlDeps } from "@/lib/inventory/sql-client";
import { traceOperation } from "@/lib/observability/trace-operation";

export type HoldView = {
  id: string;
  sku: string;
  quantity: number;
  status: "ACTIVE" | "RELEASED" | "EXPIRED" | "SOLD";
  /** ISO-8601 UTC. */
  expiresAt: string;
  cartId: string | null;
  orderId: string | null;
};

type Row = {
  code: "OK" | "NOT_FOUND" | "NOT_ACTIVE" | "ORDER_HOLD";
  hold_id: string | null;
  hold_sku: string | null;
  hold_quantity: number | null;
  hold_status: HoldView["status"] | null;
  hold_expires_at: Date | null;
  hold_cart_id: string | null;
  hold_order_id: string | null;
};

/**
 * Visible to the store: the hold was taken through it (Hold.storeId) or is on an item it owns;
 * anything else is NOT_FOUND. Decided under the hold's row lock, in one engine call.
 */
export async function releaseHold(
  deps: SqlDeps,
  input: { storeId: string; holdId: string; reason: string; actor: Actor },
): Promise<HoldView> {
  return traceOperation("inventory.release", { "shop.store_id": input.storeId, "shop.sku_count": 1 }, () => releaseOneHold(deps, input));
}

async function releaseOneHold(deps: SqlDeps, input: { storeId: string; holdId: string; reason: string; actor: Actor }): Promise<HoldView> {
  const a = actorArgs(input.actor);
  const rows = await deps.db.$queryRaw<Row[]>`
    SELECT code, hold_id, hold_sku, hold_quantity, hold_status::text AS hold_status, hold_expires_at, hold_cart_id, hold_order_id
    FROM inv_release_cart_hold(${input.holdId}, ${input.storeId}, ${a.type}::"ActorType", ${a.id}, ${a.label},
      ${input.reason}, ${deps.now.toISOString()}::timestamp(3))`;
  const r = rows[0];
  if (!r || r.code === "NOT_FOUND" || !r.hold_id) throw new AppError("NOT_FOUND", "Reservation not found.");
  if (r.code === "NOT_ACTIVE") {
    throw new AppError("CONFLICT", `This reservation is no longer active (${r.hold_status?.toLowerCase()}).`, { status: r.hold_status });
  }
  if (r.code === "ORDER_HOLD") {
    throw new AppError("CONFLICT", "This reservation belongs to an order awaiting payment; cancel the order instead.", {
      orderId: r.hold_order_id,
    });
  }
  return {
    id: r.hold_id,
    sku: r.hold_sku ?? "",
    quantity: r.hold_quantity ?? 0,
    status: r.hold_status ?? "RELEASED",
    expiresAt: (r.hold_expires_at ?? deps.now).toISOString(),
    cartId: r.hold_cart_id,
    orderId: r.hold_order_id,
  };
}
