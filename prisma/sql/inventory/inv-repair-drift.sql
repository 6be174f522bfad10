-- The reconcile repair for the given items, in one transaction, items locked in id order and their
-- figures recomputed under the locks (every counter change locks the item, so what is read is settled):
--   reserved := the sum of the item's ACTIVE holds (the holds are the truth for reserved);
--   stock    := the sum of its ledger stock deltas (the ledger is the truth for stock) when that is at
--               least the repaired reserved; otherwise stock is left alone (outcome PARTIAL, reported);
--   one REPAIR ledger row carries the corrections, so the ledger sums equal the counters again.
-- An item whose active holds exceed every candidate stock is left untouched (UNREPAIRABLE).
-- outcome: REPAIRED | PARTIAL | CLEAN (no drift under the lock) | UNREPAIRABLE | NOT_FOUND
CREATE OR REPLACE FUNCTION inv_repair_drift(
  p_item_ids text[], p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS TABLE (item_id text, outcome text, stock_before int, reserved_before int, stock_after int, reserved_after int)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_stock int;
  v_stock_fixed boolean;
BEGIN
  PERFORM 1 FROM "InventoryItem" i WHERE i.id = ANY(p_item_ids) ORDER BY i.id FOR UPDATE;
  FOR r IN
    SELECT ids.id AS want, i.id, i.stock, i.reserved,
      COALESCE((SELECT sum(h.quantity) FROM "Hold" h WHERE h."inventoryItemId" = i.id AND h.status = 'ACTIVE'), 0)::int AS held,
      COALESCE((SELECT sum(m."stockDelta") FROM "StockMovement" m WHERE m."inventoryItemId" = i.id), 0)::int AS ledger_stock,
      COALESCE((SELECT sum(m."reservedDelta") FROM "StockMovement" m WHERE m."inventoryItemId" = i.id), 0)::int AS ledger_reserved
    FROM (SELECT DISTINCT unnest(p_item_ids) AS id) ids
    LEFT JOIN "InventoryItem" i ON i.id = ids.id
    ORDER BY ids.id
  LOOP
    item_id := r.want;
    stock_before := r.stock; reserved_before := r.reserved;
    stock_after := r.stock; reserved_after := r.reserved;
    IF r.id IS NULL THEN outcome := 'NOT_FOUND'; RETURN NEXT; CONTINUE; END IF;
    IF r.reserved = r.held AND r.stock = r.ledger_stock AND r.reserved = r.ledger_reserved THEN
      outcome := 'CLEAN'; RETURN NEXT; CONTINUE;
    END IF;
    v_stock_fixed := r.ledger_stock >= r.held AND r.ledger_stock >= 0;
    v_stock := CASE WHEN v_stock_fixed THEN r.ledger_stock ELSE r.stock END;
    IF r.held > v_stock THEN
      outcome := 'UNREPAIRABLE'; RETURN NEXT; CONTINUE;
    END IF;
    UPDATE "InventoryItem" i SET stock = v_stock, reserved = r.held, "updatedAt" = p_now WHERE i.id = r.id;
    PERFORM inv_ledger(r.id, 'REPAIR',
      CASE WHEN v_stock_fixed THEN v_stock - r.ledger_stock ELSE 0 END, r.held - r.ledger_reserved,
      v_stock, r.held, NULL, NULL, p_actor_type, p_actor_id, p_actor_label,
      left(format('%s (stock %s -> %s, reserved %s -> %s; ledger said %s/%s, active holds %s)',
        COALESCE(p_reason, 'reconcile repair'), r.stock, v_stock, r.reserved, r.held,
        r.ledger_stock, r.ledger_reserved, r.held), 500),
      p_now);
    stock_after := v_stock; reserved_after := r.held;
    outcome := CASE WHEN v_stock_fixed THEN 'REPAIRED' ELSE 'PARTIAL' END;
    RETURN NEXT;
  END LOOP;
END;
$$;
