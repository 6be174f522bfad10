// Puts a new SKU on a store's shelf: the item and its opening ADJUST ledger row in one statement,
// so the ledger sums equal the counters from the first moment.
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { actorArgs, type Actor } from "@/lib/inventory/actor";
import { MAX_STOCK } from "@/lib/inventory/schemas";
import type { SqlDeps } from "@/lib/inventory/sql-client";

export type CreatedInventoryItem = { id: string; storeId: string; sku: string; stock: number; reserved: number; lowStockThreshold: number | null };

export async function createInventoryItem(
  deps: SqlDeps,
  input: { storeId: string; sku: string; stock: number; lowStockThreshold?: number | null; actor: Actor; reason: string },
): Promise<CreatedInventoryItem> {
  const sku = input.sku.trim();
  if (sku === "" || sku.length > 100) throw new AppError("INVALID_INPUT", "sku must be 1 to 100 characters.", { fields: { sku: "1 to 100 characters" } });
  if (!Number.isInteger(input.stock) || input.stock < 0 || input.stock > MAX_STOCK) {
    throw new AppError("INVALID_INPUT", `stock must be an integer from 0 to ${MAX_STOCK}.`, { fields: { stock: `0 to ${MAX_STOCK}` } });
  }
  const threshold = input.lowStockThreshold ?? null;
  if (threshold !== null && (!Number.isInteger(threshold) || threshold < 0 || threshold > MAX_STOCK)) {
    throw new AppError("INVALID_INPUT", `lowStockThreshold must be an integer from 0 to ${MAX_STOCK}.`, { fields: { lowStockThreshold: `0 to ${MAX_STOCK}` } });
  }
  const id = randomUUID();
  const a = actorArgs(input.actor);
  const at = deps.now.toISOString();
  // One statement is one transaction: both rows or neither. No row: unknown store or taken SKU.
  const inserted = await deps.db.$executeRaw`
    WITH item AS (
      INSERT INTO "InventoryItem" (id, "storeId", sku, stock, reserved, "lowStockThreshold", "createdAt", "updatedAt")
      SELECT ${id}, s.id, ${sku}, ${input.stock}::int, 0, ${threshold}::int, ${at}::timestamp(3), ${at}::timestamp(3)
      FROM "Store" s WHERE s.id = ${input.storeId}
      ON CONFLICT ("storeId", sku) DO NOTHING
      RETURNING id, "storeId", stock
    )
    INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter",
      "reservedAfter", "actorType", "actorId", "actorLabel", reason, "createdAt")
    SELECT item."storeId", item.id, 'ADJUST', item.stock, 0, item.stock, 0, ${a.type}::"ActorType", ${a.id}, ${a.label},
      ${input.reason}, ${at}::timestamp(3)
    FROM item`;
  if (inserted === 0) {
    const [store] = await deps.db.$queryRaw<Array<{ id: string }>>`SELECT id FROM "Store" WHERE id = ${input.storeId}`;
    if (!store) throw new AppError("NOT_FOUND", "Store not found.");
    throw new AppError("CONFLICT", `SKU "${sku}" already exists in this store.`, { sku });
  }
  return { id, storeId: input.storeId, sku, stock: input.stock, reserved: 0, lowStockThreshold: threshold };
}
