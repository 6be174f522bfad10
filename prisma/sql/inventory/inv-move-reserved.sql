-- Moves an item's reserved counter by p_delta (> 0: guarded so it never exceeds stock; on failure
-- reclaims the item's lapsed holds and tries once more). Writes the ledger row.
-- Returns the item's stock and reserved after, or ok = false with the units available now.
CREATE OR REPLACE FUNCTION inv_move_reserved(
  p_item text, p_delta int, p_hold text, p_order text,
  p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3),
  OUT ok boolean, OUT stock_after int, OUT reserved_after int, OUT available int
) LANGUAGE plpgsql AS $$
BEGIN
  ok := true;
  IF p_delta = 0 THEN
    SELECT i.stock, i.reserved INTO stock_after, reserved_after FROM "InventoryItem" i WHERE i.id = p_item;
    available := stock_after - reserved_after;
    RETURN;
  END IF;
  IF p_delta > 0 THEN
    UPDATE "InventoryItem" i SET reserved = i.reserved + p_delta, "updatedAt" = p_now
    WHERE i.id = p_item AND i.stock - i.reserved >= p_delta
    RETURNING i.stock, i.reserved INTO stock_after, reserved_after;
    IF NOT FOUND THEN
      -- Contention: lapsed holds must never block anyone, even if the sweeper has not run.
      PERFORM inv_reclaim_lapsed(p_item, p_now);
      -- The guard above was judged on the statement's snapshot: a row it did not match is not waited
      -- for, so a restock committing meanwhile went unseen. Decide again on the row's latest version,
      -- under its lock, so that the refusal and the units it reports are one reading (the model test
      -- once saw a refusal of 4 units that reported 5 available).
      SELECT i.stock, i.reserved INTO stock_after, reserved_after FROM "InventoryItem" i WHERE i.id = p_item FOR UPDATE;
      IF stock_after - reserved_after < p_delta THEN
        ok := false;
        available := stock_after - reserved_after;
        stock_after := NULL;
        reserved_after := NULL;
        RETURN;
      END IF;
      UPDATE "InventoryItem" i SET reserved = i.reserved + p_delta, "updatedAt" = p_now
      WHERE i.id = p_item
      RETURNING i.stock, i.reserved INTO stock_after, reserved_after;
    END IF;
    PERFORM inv_ledger(p_item, 'HOLD', 0, p_delta, stock_after, reserved_after, p_hold, p_order,
      p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
  ELSE
    UPDATE "InventoryItem" i SET reserved = i.reserved + p_delta, "updatedAt" = p_now
    WHERE i.id = p_item
    RETURNING i.stock, i.reserved INTO stock_after, reserved_after;
    PERFORM inv_ledger(p_item, 'RELEASE', 0, p_delta, stock_after, reserved_after, p_hold, p_order,
      p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
  END IF;
  available := stock_after - reserved_after;
END;
$$;
