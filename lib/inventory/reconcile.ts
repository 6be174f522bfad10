// Proves the counters: each item's reserved against its ACTIVE holds, and stock/reserved against the
// sums of its ledger deltas, set-based in one query; optionally repairs the drift it finds.
import { actorArgs, SYSTEM_ACTOR, type Actor } from "@/lib/inventory/actor";
import type { SqlDeps } from "@/lib/inventory/sql-client";

export type InventoryDrift = {
  itemId: string;
  storeSlug: string;
  sku: string;
  stock: number;
  reserved: number;
  /** The sum of the item's ACTIVE holds. */
  activeHeld: number;
  ledgerStock: number;
  ledgerReserved: number;
};

export type ReconcileResult = { checked: number; drift: InventoryDrift[]; repaired: number };

type Measured = { checked: number; drift: InventoryDrift[] | null };

/** Every item (of one owner store, or all) whose counters disagree with its holds or ledger. */
export async function measureInventoryDrift(deps: Pick<SqlDeps, "db">, input: { storeId?: string | null } = {}): Promise<{ checked: number; drift: InventoryDrift[] }> {
  const storeId = input.storeId ?? null;
  const [r] = await deps.db.$queryRaw<Measured[]>`
    WITH items AS (
      SELECT i.id, i."storeId", i.sku, i.stock, i.reserved FROM "InventoryItem" i
      WHERE ${storeId}::text IS NULL OR i."storeId" = ${storeId}::text
    ), held AS (
      SELECT h."inventoryItemId" AS id, sum(h.quantity)::int AS units FROM "Hold" h
      WHERE h.status = 'ACTIVE' AND (${storeId}::text IS NULL OR h."inventoryItemId" IN (SELECT id FROM items))
      GROUP BY h."inventoryItemId"
    ), ledger AS (
      SELECT m."inventoryItemId" AS id, sum(m."stockDelta")::int AS stock, sum(m."reservedDelta")::int AS reserved
      FROM "StockMovement" m
      WHERE ${storeId}::text IS NULL OR m."storeId" = ${storeId}::text
      GROUP BY m."inventoryItemId"
    ), measured AS (
      SELECT items.id AS "itemId", s.slug AS "storeSlug", items.sku, items.stock, items.reserved,
        COALESCE(held.units, 0) AS "activeHeld", COALESCE(ledger.stock, 0) AS "ledgerStock",
        COALESCE(ledger.reserved, 0) AS "ledgerReserved"
      FROM items
      JOIN "Store" s ON s.id = items."storeId"
      LEFT JOIN held ON held.id = items.id
      LEFT JOIN ledger ON ledger.id = items.id
    )
    SELECT (SELECT count(*) FROM items)::int AS checked,
      (SELECT json_agg(m ORDER BY m."storeSlug", m.sku, m."itemId") FROM measured m
       WHERE m.reserved <> m."activeHeld" OR m.stock <> m."ledgerStock" OR m.reserved <> m."ledgerReserved"
         OR m.reserved < 0 OR m.reserved > m.stock) AS drift`;
  return { checked: r?.checked ?? 0, drift: r?.drift ?? [] };
}

/**
 * Repair (one engine call = one transaction, items locked in id order, figures recomputed under the
 * locks): reserved := the sum of ACTIVE holds; stock := the ledger's stock sum when that is at least
 * the repaired reserved (else left alone and still reported); one REPAIR ledger row per item makes
 * the ledger sums equal the counters again. `repaired` counts the items changed.
 */
export async function reconcileInventory(
  deps: SqlDeps,
  input: { storeId?: string | null; repair?: boolean; actor?: Actor; reason?: string } = {},
): Promise<ReconcileResult> {
  const { checked, drift } = await measureInventoryDrift(deps, input);
  if (!input.repair || drift.length === 0) return { checked, drift, repaired: 0 };
  const a = actorArgs(input.actor ?? SYSTEM_ACTOR);
  const outcomes = await deps.db.$queryRaw<Array<{ item_id: string; outcome: string }>>`
    SELECT item_id, outcome FROM inv_repair_drift(${drift.map((d) => d.itemId)}::text[], ${a.type}::"ActorType",
      ${a.id}, ${a.label}, ${input.reason ?? "reconcile repair"}, ${deps.now.toISOString()}::timestamp(3))`;
  const repaired = outcomes.filter((o) => o.outcome === "REPAIRED" || o.outcome === "PARTIAL").length;
  return { checked, drift, repaired };
}
