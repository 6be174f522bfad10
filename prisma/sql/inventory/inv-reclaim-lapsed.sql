-- Expires one item's lapsed cart holds (never an order's: those wait for the payment's outcome),
-- skipping any hold another transaction has locked. One statement: this runs on the contended path.
-- Returns the units given back.
CREATE OR REPLACE FUNCTION inv_reclaim_lapsed(p_item text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_units int;
BEGIN
  WITH lapsed AS (
    SELECT h.id FROM "Hold" h
    WHERE h."inventoryItemId" = p_item AND inv_is_lapsed(h, p_now)
    ORDER BY h.id
    FOR UPDATE SKIP LOCKED
  ), expired AS (
    UPDATE "Hold" h SET status = 'EXPIRED', "endedAt" = p_now, "updatedAt" = p_now
    FROM lapsed WHERE h.id = lapsed.id AND h.status = 'ACTIVE'
    RETURNING h.id, h.quantity
  ), total AS (
    SELECT COALESCE(sum(quantity), 0)::int AS units FROM expired
  ), moved AS (
    UPDATE "InventoryItem" i SET reserved = i.reserved - total.units, "updatedAt" = p_now
    FROM total WHERE i.id = p_item AND total.units > 0
    RETURNING i."storeId", i.stock, i.reserved
  ), ledger AS (
    -- One EXPIRE row per hold; reservedAfter walks down from the pre-reclaim value.
    INSERT INTO "StockMovement" ("storeId", "inventoryItemId", "kind", "stockDelta", "reservedDelta",
      "stockAfter", "reservedAfter", "holdId", "actorType", "reason", "createdAt")
    SELECT moved."storeId", p_item, 'EXPIRE', 0, -e.quantity, moved.stock,
      moved.reserved + total.units - (sum(e.quantity) OVER (ORDER BY e.id))::int, e.id, 'SYSTEM', 'hold lapsed', p_now
    FROM expired e CROSS JOIN moved CROSS JOIN total
  )
  SELECT units INTO v_units FROM total;
  RETURN v_units;
END;
$$;
