-- cart_merge, part 2: lapsed holds of either cart are expired before the merge (found in review: a
-- live guest hold could be folded into a lapsed user hold and become reclaimable by anyone, or a
-- lapsed guest hold be moved as if it were live). Otherwise as in 20261121150000_inventory_engine.
CREATE OR REPLACE FUNCTION cart_merge(p_store text, p_guest_token_hash text, p_user text, p_now timestamp(3))
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_guest text;
  v_user_cart text;
  v_line record;
  v_user_hold record;
  v_stock int;
  v_reserved int;
  v_lapsed record;
BEGIN
  SELECT id INTO v_guest FROM "Cart"
  WHERE "storeId" = p_store AND "tokenHash" = p_guest_token_hash AND status = 'ACTIVE' AND "userId" IS NULL;
  SELECT id INTO v_user_cart FROM "Cart" WHERE "storeId" = p_store AND "userId" = p_user AND status = 'ACTIVE';
  IF v_guest IS NULL THEN RETURN v_user_cart; END IF;
  IF v_user_cart IS NULL THEN
    -- The guest cart simply becomes the user's.
    UPDATE "Cart" SET "userId" = p_user, "tokenHash" = NULL, "updatedAt" = p_now WHERE id = v_guest;
    RETURN v_guest;
  END IF;

  PERFORM 1 FROM "Cart" WHERE id IN (v_guest, v_user_cart) ORDER BY id FOR UPDATE;
  PERFORM 1 FROM "Hold" WHERE "cartId" IN (v_guest, v_user_cart) AND status = 'ACTIVE' AND "orderId" IS NULL ORDER BY id FOR UPDATE;
  -- Lapsed holds are not merged: their units may already be another shopper's. Expire them first, so a
  -- live guest hold is never folded into a lapsed user hold (nor a lapsed one revived by the move).
  FOR v_lapsed IN
    SELECT id FROM "Hold"
    WHERE "cartId" IN (v_guest, v_user_cart) AND status = 'ACTIVE' AND "orderId" IS NULL AND "expiresAt" <= p_now
    ORDER BY "inventoryItemId", id
  LOOP
    PERFORM inv_end_hold(v_lapsed.id, 'EXPIRED', 'SYSTEM', NULL, NULL, 'hold lapsed', p_now);
  END LOOP;
  FOR v_line IN
    SELECT l.id AS line_id, l."variantId", l.quantity, h.id AS hold_id, h.quantity AS hold_qty, h."inventoryItemId" AS item
    FROM "CartLine" l
    JOIN "Variant" v ON v.id = l."variantId"
    LEFT JOIN "Hold" h ON h."cartId" = l."cartId" AND h."variantId" = l."variantId" AND h.status = 'ACTIVE' AND h."orderId" IS NULL
    WHERE l."cartId" = v_guest ORDER BY v."inventoryItemId"
  LOOP
    IF NOT EXISTS (SELECT 1 FROM "CartLine" WHERE "cartId" = v_user_cart AND "variantId" = v_line."variantId") THEN
      UPDATE "CartLine" SET "cartId" = v_user_cart WHERE id = v_line.line_id;
      UPDATE "Hold" SET "cartId" = v_user_cart, "updatedAt" = p_now WHERE id = v_line.hold_id;
      CONTINUE;
    END IF;
    UPDATE "CartLine" SET quantity = quantity + v_line.quantity WHERE "cartId" = v_user_cart AND "variantId" = v_line."variantId";
    DELETE FROM "CartLine" WHERE id = v_line.line_id;
    IF v_line.hold_id IS NULL THEN CONTINUE; END IF;
    SELECT id, quantity INTO v_user_hold FROM "Hold"
    WHERE "cartId" = v_user_cart AND "variantId" = v_line."variantId" AND status = 'ACTIVE' AND "orderId" IS NULL;
    IF v_user_hold.id IS NULL THEN
      UPDATE "Hold" SET "cartId" = v_user_cart, "updatedAt" = p_now WHERE id = v_line.hold_id;
    ELSE
      UPDATE "Hold" SET status = 'RELEASED', "endedAt" = p_now, "updatedAt" = p_now WHERE id = v_line.hold_id;
      UPDATE "Hold" SET quantity = quantity + v_line.hold_qty, "updatedAt" = p_now WHERE id = v_user_hold.id;
      SELECT stock, reserved INTO v_stock, v_reserved FROM "InventoryItem" WHERE id = v_line.item;
      PERFORM inv_ledger(v_line.item, 'RELEASE', 0, -v_line.hold_qty, v_stock, v_reserved - v_line.hold_qty, v_line.hold_id, NULL,
        'SHOPPER', v_guest, NULL, 'merged into account cart', p_now);
      PERFORM inv_ledger(v_line.item, 'HOLD', 0, v_line.hold_qty, v_stock, v_reserved, v_user_hold.id, NULL,
        'SHOPPER', v_user_cart, NULL, 'merged from guest cart', p_now);
    END IF;
  END LOOP;
  UPDATE "Cart" SET status = 'MERGED', "tokenHash" = NULL, "updatedAt" = p_now WHERE id = v_guest;
  UPDATE "Cart" SET "updatedAt" = p_now WHERE id = v_user_cart;
  RETURN v_user_cart;
END;
$$;
