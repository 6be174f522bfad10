-- cart_merge: at sign-in, the guest cart joins the account's cart of the store (quantities and holds
-- add up; reserved does not move), or becomes the account's cart when it has none.
--   * Both carts are locked (id order) and looked at again under the lock: a checkout or another
--     merge that changed either while this one waited makes it resolve the carts afresh (a guest
--     cart that is no longer ACTIVE is not merged; an account cart that checked out is not merged
--     into). Issue 24, finding 1.
--   * Two sign-ins at once: the one that loses the race to give the account its cart
--     (Cart_one_active_per_user) merges into the winner's cart instead. Finding 3.
--   * The merged cart then holds no line beyond its limits (cart_trim_to_limits: the per-customer
--     limit, counting the account's orders, and cart_cap_per_line()); the line keeps what was asked
--     for, and the cart view says why it will be reduced. Finding 2.
--   * Merges of one account are serialized (an advisory lock), so their retries never lock out of order.
--   * Lapsed holds of either cart are expired first: a live guest hold is never folded into a
--     lapsed user hold, nor a lapsed one revived by the move.
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
  -- One merge per account at a time: a retry below locks other carts while the first attempt's item
  -- locks are still held, and two sign-ins of one account race on its one active cart (seen as a
  -- deadlock with a stock adjustment queued on a shared item). Taken before any row lock.
  PERFORM pg_advisory_xact_lock(hashtext('shop.cart-merge'), hashtext(p_user));
  FOR attempt IN 1..5 LOOP
    SELECT id INTO v_guest FROM "Cart"
    WHERE "storeId" = p_store AND "tokenHash" = p_guest_token_hash AND status = 'ACTIVE' AND "userId" IS NULL;
    SELECT id INTO v_user_cart FROM "Cart" WHERE "storeId" = p_store AND "userId" = p_user AND status = 'ACTIVE';
    IF v_guest IS NULL THEN RETURN v_user_cart; END IF;

    PERFORM 1 FROM "Cart" WHERE id IN (v_guest, v_user_cart) ORDER BY id FOR UPDATE;
    -- Under the locks (each statement sees what committed before it): still the same two carts?
    IF NOT EXISTS (SELECT 1 FROM "Cart" WHERE id = v_guest AND status = 'ACTIVE' AND "userId" IS NULL AND "tokenHash" = p_guest_token_hash)
       OR v_user_cart IS DISTINCT FROM (SELECT id FROM "Cart" WHERE "storeId" = p_store AND "userId" = p_user AND status = 'ACTIVE') THEN
      CONTINUE;
    END IF;
    IF v_user_cart IS NULL THEN
      -- The guest cart simply becomes the user's (unless a concurrent sign-in or first add gave the
      -- account a cart). Claimed while only the carts are locked: the account's one active cart
      -- (Cart_one_active_per_user) may wait for a concurrent first add of the account that has not
      -- committed, and that add may be waiting for an item; holding the items here closed that
      -- circle (a deadlock the cart-paths stress test met once).
      BEGIN
        UPDATE "Cart" SET "userId" = p_user, "tokenHash" = NULL, "updatedAt" = p_now WHERE id = v_guest;
      EXCEPTION WHEN unique_violation THEN
        CONTINUE;
      END;
    END IF;
    PERFORM 1 FROM "Hold" WHERE "cartId" IN (v_guest, v_user_cart) AND status = 'ACTIVE' AND "orderId" IS NULL ORDER BY id FOR UPDATE;
    PERFORM 1 FROM "InventoryItem" WHERE id IN (
      SELECT "inventoryItemId" FROM "Hold" WHERE "cartId" IN (v_guest, v_user_cart) AND status = 'ACTIVE' AND "orderId" IS NULL
    ) ORDER BY id FOR UPDATE;

    IF v_user_cart IS NULL THEN
      PERFORM cart_trim_to_limits(v_guest, p_user, p_now);
      RETURN v_guest;
    END IF;

    -- Lapsed holds are not merged: their units may already be another shopper's. Expire them first.
    FOR v_lapsed IN
      SELECT h.id FROM "Hold" h
      WHERE h."cartId" IN (v_guest, v_user_cart) AND inv_is_lapsed(h, p_now)
      ORDER BY h."inventoryItemId", h.id
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
    PERFORM cart_trim_to_limits(v_user_cart, p_user, p_now);
    RETURN v_user_cart;
  END LOOP;
  -- Five times the carts changed under the locks: let the caller retry the sign-in's merge.
  RAISE EXCEPTION 'cart_merge: the carts kept changing' USING ERRCODE = '40001';
END;
$$;
