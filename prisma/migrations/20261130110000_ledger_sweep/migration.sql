-- The ledger and the sweep, tuned with the benchmark (issue 6: 100,000 lapsed holds in ≤ 1.5 s):
--   1. The ledger ("StockMovement") loses its two foreign keys. Every row is written by the engine's
--      functions, from the item row they have just locked (the owner store read from that row); the
--      keys only re-checked that, with two trigger calls per row: a quarter of a sweep's CPU, and
--      two lookups inside every hold's row lock. What the keys also did, refusing to delete an item
--      or a store that has history, a BEFORE DELETE trigger now does (deletes are rare; rows are many).
--   2. inv_sweep_lapsed, rewritten:
--      - one batch at a time, across every runner: a transaction-level advisory lock. A cleanup run
--        killed mid-batch leaves its batch running in its backend until that notices the dead
--        client; the next run now waits for it instead of skipping the rows it has locked (and
--        reporting done while they were still being expired or rolled back);
--      - the batch's holds are updated by ctid (the rows are locked; an id join was planned as a hash
--        of the whole Hold table), without temporary tables (two created and dropped per batch);
--      - it commits without waiting for the WAL flush: a batch lost in a crash is simply swept
--        again (its holds, counters and ledger rows are lost together);
--      - it can work on one of p_parts disjoint shares of the items (by a hash of the item id), so
--        that the cleanup job runs a share per database core (lib/inventory/sweep-lapsed-holds.ts);
--        the advisory lock is per share. Shares never touch the same item or hold: no waits between
--        them, no deadlock.
--   3. Two of the Hold table's indexes become partial, so that a hold's most common writes (a cart
--      hold taken; a hold ending) touch fewer indexes: (status, expiresAt) becomes (expiresAt) of
--      ACTIVE holds only (what the sweep, the dry run and the health check read), and (orderId)
--      keeps only holds that belong to an order (every lookup is an order's holds).
-- Lock order unchanged: the batch's holds (SKIP LOCKED), then its items by id.

DROP INDEX "Hold_status_expiresAt_idx";
CREATE INDEX "Hold_active_by_expiry" ON "Hold" ("expiresAt") WHERE status = 'ACTIVE';
DROP INDEX "Hold_orderId_idx";
CREATE INDEX "Hold_by_order" ON "Hold" ("orderId") WHERE "orderId" IS NOT NULL;

ALTER TABLE "StockMovement" DROP CONSTRAINT "StockMovement_storeId_fkey";
ALTER TABLE "StockMovement" DROP CONSTRAINT "StockMovement_inventoryItemId_fkey";

CREATE FUNCTION inv_keep_ledger_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'InventoryItem' AND EXISTS (SELECT 1 FROM "StockMovement" m WHERE m."inventoryItemId" = OLD.id) THEN
    RAISE EXCEPTION 'inventory item % has stock history and cannot be deleted', OLD.id USING ERRCODE = '23503';
  END IF;
  IF TG_TABLE_NAME = 'Store' AND EXISTS (SELECT 1 FROM "StockMovement" m WHERE m."storeId" = OLD.id) THEN
    RAISE EXCEPTION 'store % has stock history and cannot be deleted', OLD.id USING ERRCODE = '23503';
  END IF;
  RETURN OLD;
END;
$$;

CREATE TRIGGER "InventoryItem_keep_ledger_history" BEFORE DELETE ON "InventoryItem"
FOR EACH ROW EXECUTE FUNCTION inv_keep_ledger_history();
CREATE TRIGGER "Store_keep_ledger_history" BEFORE DELETE ON "Store"
FOR EACH ROW EXECUTE FUNCTION inv_keep_ledger_history();

DROP FUNCTION inv_sweep_lapsed(timestamp(3), int);
CREATE FUNCTION inv_sweep_lapsed(p_now timestamp(3), p_limit int, p_part int DEFAULT 0, p_parts int DEFAULT 1, OUT holds int, OUT units int)
LANGUAGE plpgsql AS $$
DECLARE
  v_tids tid[];
  v_items text[];
BEGIN
  holds := 0;
  units := 0;
  PERFORM pg_advisory_xact_lock(hashtext('shop.inventory.sweep'), p_part);
  PERFORM set_config('synchronous_commit', 'off', true);
  SELECT array_agg(h.ctid), array_agg(DISTINCT h."inventoryItemId" ORDER BY h."inventoryItemId") INTO v_tids, v_items
  FROM (
    SELECT h.ctid, h."inventoryItemId" FROM "Hold" h
    WHERE h.status = 'ACTIVE' AND h."orderId" IS NULL AND h."expiresAt" <= p_now
      AND (p_parts = 1 OR (hashtext(h."inventoryItemId") & 2147483647) % p_parts = p_part)
    ORDER BY h."expiresAt"
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  ) h;
  IF v_tids IS NULL THEN RETURN; END IF;

  -- Lock the touched items in id order, then move each counter once and write one row per hold.
  PERFORM 1 FROM "InventoryItem" WHERE id = ANY(v_items) ORDER BY id FOR UPDATE;
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
