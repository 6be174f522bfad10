-- RELEASED (or EXPIRED): reserved drops by the hold's quantity; the units are available again.
CREATE OR REPLACE FUNCTION inv_release_holds(
  p_hold_ids text[], p_status "HoldStatus", p_actor_type "ActorType", p_actor_id text, p_actor_label text,
  p_reason text, p_now timestamp(3)
) RETURNS TABLE (hold_id text, item_id text, quantity int) LANGUAGE plpgsql AS $$
DECLARE
  v_hold record;
  v_stock int;
  v_reserved int;
  v_order text;
BEGIN
  IF p_status NOT IN ('RELEASED', 'EXPIRED') THEN
    RAISE EXCEPTION 'inv_release_holds: status must be RELEASED or EXPIRED';
  END IF;
  PERFORM 1 FROM "Hold" h WHERE h.id = ANY(p_hold_ids) AND h.status = 'ACTIVE' ORDER BY h.id FOR UPDATE;
  PERFORM 1 FROM "InventoryItem" i
  WHERE i.id IN (SELECT h."inventoryItemId" FROM "Hold" h WHERE h.id = ANY(p_hold_ids) AND h.status = 'ACTIVE')
  ORDER BY i.id FOR UPDATE;
  FOR v_hold IN
    UPDATE "Hold" h SET status = p_status, "endedAt" = p_now, "updatedAt" = p_now
    WHERE h.id = ANY(p_hold_ids) AND h.status = 'ACTIVE'
    RETURNING h.id, h."inventoryItemId", h.quantity, h."orderId"
  LOOP
    UPDATE "InventoryItem" i SET reserved = i.reserved - v_hold.quantity, "updatedAt" = p_now
    WHERE i.id = v_hold."inventoryItemId" RETURNING i.stock, i.reserved INTO v_stock, v_reserved;
    PERFORM inv_ledger(v_hold."inventoryItemId",
      CASE WHEN p_status = 'EXPIRED' THEN 'EXPIRE'::"MovementKind" ELSE 'RELEASE'::"MovementKind" END,
      0, -v_hold.quantity, v_stock, v_reserved, v_hold.id, v_hold."orderId",
      p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
    hold_id := v_hold.id; item_id := v_hold."inventoryItemId"; quantity := v_hold.quantity;
    RETURN NEXT;
  END LOOP;
END;
$$;
