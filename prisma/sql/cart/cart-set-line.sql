-- Adds to or sets one cart line and holds exactly its units (all or nothing through cart_write_line).
-- Issue 24 / 17.5: a product that can no longer be sold is never held again (shrinking its line
-- releases what it held; growing it is refused), and a new hold keeps the line's deadline
-- (cart_hold_deadline): changing a quantity never renews a hold, only cart_extend does.
CREATE OR REPLACE FUNCTION cart_set_line(
  p_store text, p_user text, p_token_hash text, p_variant text, p_mode text, p_quantity int,
  p_max_line int, p_now timestamp(3),
  OUT code text, OUT cart_id text, OUT available int, OUT limit_value int, OUT release_at timestamp(3)
) LANGUAGE plpgsql AS $$
DECLARE
  v_ttl int;
  v_item text;
  v_product text;
  v_sale text; -- catalog_sale_state: ON_SALE | NOT_AVAILABLE | NOT_RELEASED
  v_limit int;
  v_listed boolean; -- the variant is not archived and, selling another store's item, its supplier's grant is live
  v_line_qty int := 0;
  v_target int;
  v_hold_id text;
  v_hold_qty int := 0;
  v_hold_expires timestamp(3);
  v_others int;
  v_move record;
  v_sellable boolean;
  v_deadline timestamp(3);
BEGIN
  code := 'OK';
  SELECT s."reservationTtlSeconds" INTO v_ttl FROM "Store" s WHERE s.id = p_store;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;

  SELECT v."inventoryItemId", p.id, catalog_sale_state(p, p_now), p."releaseAt", p."perCustomerLimit",
      (SELECT listed FROM catalog_listed(v, i, p_store))
    INTO v_item, v_product, v_sale, release_at, v_limit, v_listed
  FROM "Variant" v JOIN "Product" p ON p.id = v."productId" JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
  WHERE v.id = p_variant AND v."storeId" = p_store;
  IF NOT FOUND THEN code := 'NOT_FOUND'; release_at := NULL; RETURN; END IF;

  -- A write needs an identity: without a user or a guest token there is no cart to find or create
  -- (the original inserted an anonymous cart here and answered OK with no cart).
  IF p_user IS NULL AND p_token_hash IS NULL THEN
    code := 'NO_CART'; release_at := NULL; RETURN;
  END IF;

  -- The shopper's cart: the signed-in user's, else the guest cookie's. Locked: one write per cart at a time.
  FOR attempt IN 1..2 LOOP
    IF p_user IS NOT NULL THEN
      SELECT c.id INTO cart_id FROM "Cart" c
      WHERE c."storeId" = p_store AND c."userId" = p_user AND c.status = 'ACTIVE' FOR UPDATE;
    ELSIF p_token_hash IS NOT NULL THEN
      SELECT c.id INTO cart_id FROM "Cart" c
      WHERE c."storeId" = p_store AND c."tokenHash" = p_token_hash AND c.status = 'ACTIVE' AND c."userId" IS NULL FOR UPDATE;
    END IF;
    EXIT WHEN cart_id IS NOT NULL OR attempt = 2 OR (p_mode = 'set' AND p_quantity = 0);
    -- First write of this shopper: create the cart (a concurrent first write may win; then use theirs).
    INSERT INTO "Cart" (id, "storeId", "userId", "tokenHash", status, "createdAt", "updatedAt")
    VALUES (gen_random_uuid()::text, p_store, p_user, CASE WHEN p_user IS NULL THEN p_token_hash END, 'ACTIVE', p_now, p_now)
    ON CONFLICT DO NOTHING;
  END LOOP;
  IF cart_id IS NULL THEN
    -- Removing from a cart that does not exist is a no-op. Otherwise the cart could be neither found
    -- nor created (the guest token still names a checked-out or merged cart): say so, never OK.
    IF NOT (p_mode = 'set' AND p_quantity = 0) THEN code := 'NO_CART'; END IF;
    release_at := NULL;
    RETURN;
  END IF;

  SELECT l.quantity INTO v_line_qty FROM "CartLine" l WHERE l."cartId" = cart_id AND l."variantId" = p_variant;
  v_line_qty := COALESCE(v_line_qty, 0);
  v_target := CASE WHEN p_mode = 'add' THEN v_line_qty + p_quantity ELSE p_quantity END;

  v_sellable := v_listed AND v_sale = 'ON_SALE';
  -- Shrinking or removing is always allowed (even for an archived product); growing is checked,
  -- and so is asking again for what the line has (a re-hold: issue 24, finding 4).
  IF v_target > v_line_qty OR (v_target > 0 AND v_target = v_line_qty AND NOT v_sellable) THEN
    IF NOT v_listed OR v_sale = 'NOT_AVAILABLE' THEN
      code := 'NOT_AVAILABLE'; RETURN;
    END IF;
    IF v_sale = 'NOT_RELEASED' THEN
      code := 'NOT_RELEASED'; RETURN;
    END IF;
    IF v_target > p_max_line THEN
      code := 'LIMIT_EXCEEDED'; limit_value := p_max_line; RETURN;
    END IF;
    IF v_limit IS NOT NULL THEN
      -- This product's units in the cart's other lines, plus (signed in) the customer's live orders.
      SELECT COALESCE(sum(l.quantity), 0) INTO v_others FROM "CartLine" l JOIN "Variant" v ON v.id = l."variantId"
      WHERE l."cartId" = cart_id AND v."productId" = v_product AND l."variantId" <> p_variant;
      IF p_user IS NOT NULL THEN
        v_others := v_others + COALESCE((
          SELECT sum(ol.quantity) FROM "Order" o JOIN "OrderLine" ol ON ol."orderId" = o.id JOIN "Variant" v ON v.id = ol."variantId"
          WHERE o."userId" = p_user AND o."storeId" = p_store AND o.status <> 'CANCELLED' AND v."productId" = v_product), 0);
      END IF;
      IF v_others + v_target > v_limit THEN
        code := 'LIMIT_EXCEEDED'; limit_value := v_limit; RETURN;
      END IF;
    END IF;
  END IF;
  release_at := NULL;

  -- The line's own hold, locked before the item (lock order). A lapsed one is expired first: its
  -- units may already be someone else's, so the line holds afresh.
  SELECT h.id, h.quantity, h."expiresAt" INTO v_hold_id, v_hold_qty, v_hold_expires FROM "Hold" h
  WHERE h."cartId" = cart_id AND h."variantId" = p_variant AND h.status = 'ACTIVE' AND h."orderId" IS NULL
  FOR UPDATE;
  IF v_hold_id IS NOT NULL AND v_hold_expires <= p_now THEN
    PERFORM inv_end_hold(v_hold_id, 'EXPIRED', 'SYSTEM', NULL, NULL, 'hold lapsed', p_now);
    v_hold_id := NULL;
  END IF;
  -- Not sellable (only a shrink gets here): the line keeps what the shopper asked for, unheld.
  IF NOT v_sellable AND v_hold_id IS NOT NULL THEN
    PERFORM inv_end_hold(v_hold_id, 'RELEASED', 'SHOPPER', cart_id, NULL, 'no longer available', p_now);
    v_hold_id := NULL;
  END IF;
  IF v_hold_id IS NULL THEN v_hold_qty := 0; END IF;

  IF NOT v_sellable THEN
    NULL;
  ELSIF v_target > 0 AND v_hold_id IS NULL THEN
    -- The new hold's deadline, read before the item's row is locked (the hot item's lock is short).
    v_deadline := cart_hold_deadline(cart_id, p_variant, v_ttl, p_now);
    v_hold_id := gen_random_uuid()::text;
    SELECT * INTO v_move FROM inv_move_reserved(v_item, v_target, v_hold_id, NULL, 'SHOPPER', cart_id, NULL, NULL, p_now);
    IF NOT v_move.ok THEN
      code := 'INSUFFICIENT_STOCK'; available := v_move.available; RETURN;
    END IF;
    INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
    VALUES (v_hold_id, p_store, v_item, p_variant, cart_id, v_target, 'ACTIVE', v_deadline, p_now, p_now);
  ELSIF v_hold_id IS NOT NULL THEN
    SELECT * INTO v_move FROM inv_move_reserved(v_item, v_target - v_hold_qty, v_hold_id, NULL,
      'SHOPPER', cart_id, NULL, NULL, p_now);
    IF NOT v_move.ok THEN
      code := 'INSUFFICIENT_STOCK'; available := v_move.available; RETURN;
    END IF;
    IF v_target = 0 THEN
      UPDATE "Hold" SET status = 'RELEASED', "endedAt" = p_now, "updatedAt" = p_now WHERE id = v_hold_id;
    ELSIF v_target <> v_hold_qty THEN
      -- The deadline stays: a quantity change is not an extension.
      UPDATE "Hold" SET quantity = v_target, "updatedAt" = p_now WHERE id = v_hold_id;
    END IF;
  END IF;
  IF v_move IS NOT NULL THEN available := v_move.available; END IF;

  IF v_target = 0 THEN
    DELETE FROM "CartLine" WHERE "cartId" = cart_id AND "variantId" = p_variant;
  ELSE
    INSERT INTO "CartLine" (id, "cartId", "variantId", quantity, "createdAt")
    VALUES (gen_random_uuid()::text, cart_id, p_variant, v_target, p_now)
    ON CONFLICT ("cartId", "variantId") DO UPDATE SET quantity = EXCLUDED.quantity;
  END IF;
  UPDATE "Cart" SET "updatedAt" = p_now WHERE id = cart_id;
END;
$$;
