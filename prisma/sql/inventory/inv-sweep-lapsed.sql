CREATE OR REPLACE FUNCTION inv_sweep_lapsed(p_now timestamp(3), p_limit int, p_part int DEFAULT 0, p_parts int DEFAULT 1, OUT holds int, OUT units int)
LANGUAGE plpgsql AS $$
DECLARE
  v_tids tid[];
  v_items text[];
BEGIN
  holds := 0;
  units := 0;
  PERFORM pg_advisory_xact_lock(hashtext('shop.inventory.sweep'), p_part);
  PERFORM set_config('synchronous_commit', 'off', true);
  -- Issue 24: the items are locked BEFORE the holds, and the holds only with SKIP LOCKED. The sweep
  -- never holds a lapsed hold's lock while it waits for an item, so a shopper short of units never
  -- finds a lapsed hold locked by the sweep (inv_reclaim_lapsed skips locked holds): either the
  -- sweep has the item (the shopper waits for it, then sees the units back) or it has nothing yet
  -- (the shopper reclaims the hold itself). Skipping never waits, so this order cannot deadlock.
  SELECT array_agg(DISTINCT h."inventoryItemId" ORDER BY h."inventoryItemId") INTO v_items
  FROM (
    SELECT h."inventoryItemId" FROM "Hold" h
    WHERE inv_is_lapsed(h, p_now)
      AND (p_parts = 1 OR (hashtext(h."inventoryItemId") & 2147483647) % p_parts = p_part)
    ORDER BY h."expiresAt"
    LIMIT p_limit
  ) h;
  IF v_items IS NULL THEN RETURN; END IF;
  PERFORM 1 FROM "InventoryItem" WHERE id = ANY(v_items) ORDER BY id FOR UPDATE;
  SELECT array_agg(h.ctid) INTO v_tids
  FROM (
    SELECT h.ctid FROM "Hold" h
    WHERE h."inventoryItemId" = ANY(v_items) AND inv_is_lapsed(h, p_now)
    ORDER BY h."expiresAt"
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  ) h;
  IF v_tids IS NULL THEN RETURN; END IF;

  -- Move each counter once and write one row per hold.
  WITH expired AS (
    UPDATE "Hold" h SET status = 'EXPIRED', "endedAt" = p_now, "updatedAt" = p_now
    WHERE h.ctid = ANY(v_tids) AND h.status = 'ACTIVE'
    RETURNING h.id, h."inventoryItemId" AS item, h.quantity
  ), per_item AS (
    SELECT e.item, sum(e.quantity)::int AS units FROM expired e GROUP BY e.item
  ), moved AS (
    UPDATE "InventoryItem" i SET reserved = i.reserved - per_item.units, "updatedAt" = p_now
    FROM per_item WHERE i.id = per_item.item
    RETURNING i.id, i."storeId", per_item.units, i.stock, i.reserved
  ), ledger AS (
    -- reservedAfter walks down from the pre-sweep value, hold by hold.
    INSERT INTO "StockMovement" ("storeId", "inventoryItemId", "kind", "stockDelta", "reservedDelta",
      "stockAfter", "reservedAfter", "holdId", "actorType", "reason", "createdAt")
    SELECT m."storeId", e.item, 'EXPIRE', 0, -e.quantity, m.stock,
      m.reserved + m.units - (sum(e.quantity) OVER (PARTITION BY e.item ORDER BY e.id))::int, e.id, 'SYSTEM', 'hold lapsed', p_now
    FROM expired e JOIN moved m ON m.id = e.item
  )
  SELECT count(*)::int, COALESCE(sum(e.quantity), 0)::int INTO holds, units FROM expired e;
END;
$$;
