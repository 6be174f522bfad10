-- Inventory engine, part 3 (owned by lib/inventory):
--   1. cart_set_line fix: it answered code 'OK' with no cart and no hold when the cart could be
--      neither found nor created (no user and no guest token: it also left an anonymous empty cart
--      behind; or a guest token still naming a checked-out / merged cart, whose unique tokenHash made
--      the INSERT a no-op). It now answers 'NO_CART' (the code its header already promised).
--   2. inv_release_cart_hold: the admin's "Release", visibility-checked and refusing an order's hold,
--      decided under the hold's row lock (a checkout turning the cart hold into an order hold between
--      a read and inv_release_hold could otherwise release units a payment is waiting on).
--   3. inv_repair_drift: the reconcile repair, items locked in id order, recomputed under the locks.
-- Lock order as in 20261121150000_inventory_engine: Cart -> Holds (by id) -> InventoryItems (by id).

CREATE OR REPLACE FUNCTION cart_set_line(
  p_store text, p_user text, p_token_hash text, p_variant text, p_mode text, p_quantity int,
  p_max_line int, p_now timestamp(3),
  OUT code text, OUT cart_id text, OUT available int, OUT limit_value int, OUT release_at timestamp(3)
) LANGUAGE plpgsql AS $$
DECLARE
  v_ttl int;
  v_item text;
  v_product text;
  v_status "ProductStatus";
  v_ends timestamp(3);
  v_limit int;
  v_line_qty int := 0;
  v_target int;
  v_hold_id text;
  v_hold_qty int := 0;
  v_hold_expires timestamp(3);
  v_others int;
  v_move record;
BEGIN
  code := 'OK';
  SELECT s."reservationTtlSeconds" INTO v_ttl FROM "Store" s WHERE s.id = p_store;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;

  SELECT v."inventoryItemId", p.id, p.status, p."releaseAt", p."endsAt", p."perCustomerLimit"
    INTO v_item, v_product, v_status, release_at, v_ends, v_limit
  FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
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

  -- Shrinking or removing is always allowed (even for an archived product); growing is checked.
  IF v_target > v_line_qty THEN
    IF v_status <> 'ACTIVE' OR (v_ends IS NOT NULL AND v_ends <= p_now) THEN
      code := 'NOT_AVAILABLE'; RETURN;
    END IF;
    IF release_at IS NOT NULL AND release_at > p_now THEN
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
  IF v_hold_id IS NULL THEN v_hold_qty := 0; END IF;

  IF v_target > 0 AND v_hold_id IS NULL THEN
    v_hold_id := gen_random_uuid()::text;
    SELECT * INTO v_move FROM inv_move_reserved(v_item, v_target, v_hold_id, NULL, 'SHOPPER', cart_id, NULL, NULL, p_now);
    IF NOT v_move.ok THEN
      code := 'INSUFFICIENT_STOCK'; available := v_move.available; RETURN;
    END IF;
    INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
    VALUES (v_hold_id, p_store, v_item, p_variant, cart_id, v_target, 'ACTIVE', p_now + make_interval(secs => v_ttl), p_now, p_now);
  ELSIF v_hold_id IS NOT NULL THEN
    SELECT * INTO v_move FROM inv_move_reserved(v_item, v_target - v_hold_qty, v_hold_id, NULL,
      'SHOPPER', cart_id, NULL, NULL, p_now);
    IF NOT v_move.ok THEN
      code := 'INSUFFICIENT_STOCK'; available := v_move.available; RETURN;
    END IF;
    IF v_target = 0 THEN
      UPDATE "Hold" SET status = 'RELEASED', "endedAt" = p_now, "updatedAt" = p_now WHERE id = v_hold_id;
    ELSIF v_target <> v_hold_qty THEN
      UPDATE "Hold" SET quantity = v_target, "expiresAt" = p_now + make_interval(secs => v_ttl), "updatedAt" = p_now
      WHERE id = v_hold_id;
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

-- Releases one cart hold on behalf of a store's admin. Visible: taken through this store
-- (Hold.storeId) or on an item this store owns. code: OK | NOT_FOUND | NOT_ACTIVE | ORDER_HOLD.
-- Returns the hold as it is after the call.
CREATE FUNCTION inv_release_cart_hold(
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

-- The reconcile repair for the given items, in one transaction, items locked in id order and their
-- figures recomputed under the locks (every counter change locks the item, so what is read is settled):
--   reserved := the sum of the item's ACTIVE holds (the holds are the truth for reserved);
--   stock    := the sum of its ledger stock deltas (the ledger is the truth for stock) when that is at
--               least the repaired reserved; otherwise stock is left alone (outcome PARTIAL, reported);
--   one REPAIR ledger row carries the corrections, so the ledger sums equal the counters again.
-- An item whose active holds exceed every candidate stock is left untouched (UNREPAIRABLE).
-- outcome: REPAIRED | PARTIAL | CLEAN (no drift under the lock) | UNREPAIRABLE | NOT_FOUND
CREATE FUNCTION inv_repair_drift(
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
