// Sets or moves one SKU's stock (and/or its low-stock threshold) for a store's admin or an ERP:
// one guarded engine call (inv_adjust) that refuses to go below what is held.
import { AppError } from "@/lib/errors";
import { MAX_STOCK } from "@/lib/inventory/schemas";
import { actorArgs, type Actor } from "@/lib/inventory/actor";
import { findItemForStore } from "@/lib/inventory/find-item-for-store";
import { getInventoryItemView, type InventoryItemView } from "@/lib/inventory/inventory-item-view";
import type { SqlDeps } from "@/lib/inventory/sql-client";
import { traceOperation } from "@/lib/observability/trace-operation";

export type AdjustStockArgs = {
  storeId: string;
  sku: string;
  /** The new level. */
  stock?: number;
  /** A change to the level (negative: units leave the shelf). */
  adjust?: number;
  /** The item's own threshold; null clears it (the store default applies). */
  lowStockThreshold?: number | null;
  /** Compare-and-set: refused (409 STOCK_CHANGED { stock }) unless the stock is still this, under the item's lock. */
  expectedStock?: number;
  reason: string;
  actor: Actor;
};

type AdjustRow = { code: "OK" | "NOT_FOUND" | "STOCK_BELOW_RESERVED" | "STOCK_OUT_OF_RANGE" | "STOCK_CHANGED"; stock_after: number | null; reserved_after: number | null };

export async function adjustStock(deps: SqlDeps, input: AdjustStockArgs): Promise<InventoryItemView> {
  return traceOperation("inventory.adjust", { "shop.store_id": input.storeId, "shop.sku_count": 1, "shop.sku": input.sku }, () => adjustOneItem(deps, input));
}

async function adjustOneItem(deps: SqlDeps, input: AdjustStockArgs): Promise<InventoryItemView> {
  if (input.stock !== undefined && input.adjust !== undefined) {
    throw new AppError("INVALID_INPUT", "Give either stock or adjust, not both.", { fields: { adjust: "Give either stock or adjust, not both." } });
  }
  if (input.stock === undefined && input.adjust === undefined && input.lowStockThreshold === undefined) {
    throw new AppError("INVALID_INPUT", "Give stock, adjust or lowStockThreshold.", { fields: { stock: "Give stock, adjust or lowStockThreshold." } });
  }
  const item = await findItemForStore(deps, { storeId: input.storeId, sku: input.sku });
  if (!item) throw new AppError("NOT_FOUND", `No inventory item with SKU "${input.sku}" in this store.`);
  if (!item.owned) {
    // A reseller lists the supplier's units; only the owner may change them.
    throw new AppError("FORBIDDEN", `SKU "${input.sku}" is stock of another store; only its owner can change it.`);
  }

  const a = actorArgs(input.actor);
  const rows =
    input.expectedStock === undefined
      ? await deps.db.$queryRaw<AdjustRow[]>`
    SELECT code, stock_after, reserved_after FROM inv_adjust(
      ${item.id}, ${input.stock ?? null}::int, ${input.adjust ?? null}::int,
      ${input.lowStockThreshold ?? null}::int, ${input.lowStockThreshold !== undefined}::boolean,
      ${a.type}::"ActorType", ${a.id}, ${a.label}, ${input.reason}, ${deps.now.toISOString()}::timestamp(3))`
      : await deps.db.$queryRaw<AdjustRow[]>`
    SELECT code, stock_after, reserved_after FROM inv_adjust_expected(
      ${item.id}, ${input.expectedStock}::int, ${input.stock ?? null}::int, ${input.adjust ?? null}::int,
      ${input.lowStockThreshold ?? null}::int, ${input.lowStockThreshold !== undefined}::boolean,
      ${a.type}::"ActorType", ${a.id}, ${a.label}, ${input.reason}, ${deps.now.toISOString()}::timestamp(3))`;
  const r = rows[0];
  if (!r || r.code === "NOT_FOUND") throw new AppError("NOT_FOUND", `No inventory item with SKU "${input.sku}" in this store.`);
  if (r.code === "STOCK_OUT_OF_RANGE") throw stockOutOfRangeError(input.sku, r.stock_after ?? 0);
  if (r.code === "STOCK_CHANGED") {
    throw new AppError("STOCK_CHANGED", `Stock of "${input.sku}" is ${r.stock_after ?? 0}, no longer ${input.expectedStock}: nothing was changed.`, {
      stock: r.stock_after ?? 0,
    });
  }
  if (r.code === "STOCK_BELOW_RESERVED") {
    const stock = r.stock_after ?? 0;
    const reserved = r.reserved_after ?? 0;
    const requested = input.stock ?? stock + (input.adjust ?? 0);
    throw stockBelowReservedError(input.sku, { stock, reserved, requested });
  }
  return getInventoryItemView(deps, { storeId: input.storeId, itemId: item.id });
}

/** The refusal for a stock level under what is held (or under zero). */
export function stockBelowReservedError(sku: string, d: { stock: number; reserved: number; requested: number }): AppError {
  const message =
    d.requested < 0
      ? `Stock of "${sku}" cannot go below zero (it is ${d.stock}; the change would leave ${d.requested}).`
      : `Stock of "${sku}" cannot go below ${d.reserved}: ${d.reserved} ${d.reserved === 1 ? "unit is" : "units are"} held by carts and orders (requested ${d.requested}).`;
  return new AppError("STOCK_BELOW_RESERVED", message, { stock: d.stock, reserved: d.reserved, requested: d.requested });
}

/** The refusal for a stock level above MAX_STOCK (the engine's bound, inv_adjust). */
export function stockOutOfRangeError(sku: string, stock: number): AppError {
  return new AppError("STOCK_OUT_OF_RANGE", `Stock of "${sku}" cannot go above ${MAX_STOCK.toLocaleString("en-US")} units (it is ${stock}).`, {
    stock,
    max: MAX_STOCK,
  });
}
