-- SOLD: stock and reserved both drop by the hold's quantity (the sale). One SALE ledger row a hold.
CREATE OR REPLACE FUNCTION inv_sell_holds(
  p_hold_ids text[], p_order text, p_actor_type "ActorType", p_actor_id text, p_actor_label text,
  p_reason text, p_now timestamp(3)
) RETURNS TABLE (hold_id text, item_id text, quantity int) LANGUAGE plpgsql AS $$
DECLARE
  v_hold record;
  v_stock int;
  v_reserved int;
BEGIN
  PERFORM 1 FROM "Hold" h WHERE h.id = ANY(p_hold_ids) AND h.status = 'ACTIVE' ORDER BY h.id FOR UPDATE;
  PERFORM 1 FROM "InventoryItem" i
  WHERE i.id IN (SELECT h."inventoryItemId" FROM "Hold" h WHERE h.id = ANY(p_hold_ids) AND h.status = 'ACTIVE')
  ORDER BY i.id FOR UPDATE;
  FOR v_hold IN
    UPDATE "Hold" h SET status = 'SOLD', "endedAt" = p_now, "updatedAt" = p_now
    WHERE h.id = ANY(p_hold_ids) AND h.status = 'ACTIVE'
    RETURNING h.id, h."inventoryItemId", h.quantity
  LOOP
    UPDATE "InventoryItem" i SET stock = i.stock - v_hold.quantity, reserved = i.reserved - v_hold.quantity, "updatedAt" = p_now
    WHERE i.id = v_hold."inventoryItemId" RETURNING i.stock, i.reserved INTO v_stock, v_reserved;
    PERFORM inv_ledger(v_hold."inventoryItemId", 'SALE', -v_hold.quantity, -v_hold.quantity, v_stock, v_reserved,
      v_hold.id, p_order, p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
    hold_id := v_hold.id; item_id := v_hold."inventoryItemId"; quantity := v_hold.quantity;
    RETURN NEXT;
  END LOOP;
END;
$$;
