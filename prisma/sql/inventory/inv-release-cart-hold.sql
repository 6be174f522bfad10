-- Releases one cart hold on behalf of a store's admin. Visible: taken through this store
-- (Hold.storeId) or on an item this store owns. code: OK | NOT_FOUND | NOT_ACTIVE | ORDER_HOLD.
-- Returns the hold as it is after the call.
CREATE OR REPLACE FUNCTION inv_release_cart_hold(
  p_hold text, p_store text, p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text,
  p_now timestamp(3),
  OUT code text, OUT hold_id text, OUT hold_sku text, OUT hold_quantity int, OUT hold_status "HoldStatus",
  OUT hold_expires_at timestamp(3), OUT hold_cart_id text, OUT hold_order_id text
) LANGUAGE plpgsql AS $$
BEGIN
  -- The hold's row lock first (lock order); a concurrent writer's outcome is seen once it commits.
  SELECT h.id, i.sku, h.quantity, h.status, h."expiresAt", h."cartId", h."orderId"
    INTO hold_id, hold_sku, hold_quantity, hold_status, hold_expires_at, hold_cart_id, hold_order_id
  FROM "Hold" h JOIN "InventoryItem" i ON i.id = h."inventoryItemId"
  WHERE h.id = p_hold AND (h."storeId" = p_store OR i."storeId" = p_store)
  FOR UPDATE OF h;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;
  IF hold_status <> 'ACTIVE' THEN code := 'NOT_ACTIVE'; RETURN; END IF;
  -- An order's units stay held until its payment is settled either way.
  IF hold_order_id IS NOT NULL THEN code := 'ORDER_HOLD'; RETURN; END IF;
  PERFORM inv_end_hold(p_hold, 'RELEASED', p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
  hold_status := 'RELEASED';
  code := 'OK';
END;
$$;
