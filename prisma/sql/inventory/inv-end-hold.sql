-- Ends one ACTIVE hold (RELEASED or EXPIRED) and gives its units back; false if it was not active.
-- The caller has locked the hold row (or accepts that the guard decides).
CREATE OR REPLACE FUNCTION inv_end_hold(
  p_hold text, p_status "HoldStatus", p_actor_type "ActorType", p_actor_id text, p_actor_label text,
  p_reason text, p_now timestamp(3)
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  v_item text;
  v_qty int;
  v_order text;
  v_stock int;
  v_reserved int;
BEGIN
  UPDATE "Hold" SET status = p_status, "endedAt" = p_now, "updatedAt" = p_now
  WHERE id = p_hold AND status = 'ACTIVE'
  RETURNING "inventoryItemId", quantity, "orderId" INTO v_item, v_qty, v_order;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE "InventoryItem" SET reserved = reserved - v_qty, "updatedAt" = p_now
  WHERE id = v_item RETURNING stock, reserved INTO v_stock, v_reserved;
  PERFORM inv_ledger(v_item, CASE WHEN p_status = 'EXPIRED' THEN 'EXPIRE'::"MovementKind" ELSE 'RELEASE'::"MovementKind" END,
    0, -v_qty, v_stock, v_reserved, p_hold, v_order, p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
  RETURN true;
END;
$$;
