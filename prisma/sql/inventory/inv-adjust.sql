-- Sets (p_stock) or moves (p_adjust) an item's stock and/or its threshold. Refuses to go below
-- what is held (lapsed holds are reclaimed first) or below zero.
-- code: OK | NOT_FOUND | STOCK_BELOW_RESERVED
CREATE OR REPLACE FUNCTION inv_adjust(
  p_item text, p_stock int, p_adjust int, p_threshold int, p_set_threshold boolean,
  p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3),
  OUT code text, OUT stock_after int, OUT reserved_after int
) LANGUAGE plpgsql AS $$
DECLARE
  v_old int;
  v_new int;
BEGIN
  code := 'OK';
  SELECT stock INTO v_old FROM "InventoryItem" WHERE id = p_item FOR UPDATE;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;
  IF p_stock IS NOT NULL OR p_adjust IS NOT NULL THEN
    v_new := COALESCE(p_stock, v_old + p_adjust);
    UPDATE "InventoryItem" SET stock = v_new, "updatedAt" = p_now
    WHERE id = p_item AND v_new >= reserved AND v_new >= 0 RETURNING stock, reserved INTO stock_after, reserved_after;
    IF NOT FOUND AND v_new >= 0 THEN
      PERFORM inv_reclaim_lapsed(p_item, p_now);
      UPDATE "InventoryItem" SET stock = v_new, "updatedAt" = p_now
      WHERE id = p_item AND v_new >= reserved RETURNING stock, reserved INTO stock_after, reserved_after;
    END IF;
    IF NOT FOUND THEN
      code := 'STOCK_BELOW_RESERVED';
      SELECT stock, reserved INTO stock_after, reserved_after FROM "InventoryItem" WHERE id = p_item;
      RETURN;
    END IF;
    IF v_new <> v_old THEN
      PERFORM inv_ledger(p_item, 'ADJUST', v_new - v_old, 0, stock_after, reserved_after, NULL, NULL,
        p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
    END IF;
  END IF;
  IF p_set_threshold THEN
    UPDATE "InventoryItem" SET "lowStockThreshold" = p_threshold, "updatedAt" = p_now WHERE id = p_item;
  END IF;
  SELECT stock, reserved INTO stock_after, reserved_after FROM "InventoryItem" WHERE id = p_item;
END;
$$;
