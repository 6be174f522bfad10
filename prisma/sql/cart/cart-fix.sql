-- The auto-fix: every line ends up fully held, reduced to what can be held, or removed.
-- Lines are visited in item order (lock order). Returns the number of lines changed.
-- Issue 24: a line is first lowered to what its limits allow (cart_line_allowances: the
-- per-customer limit and cart_cap_per_line()); growing a live hold keeps its deadline and a new hold
-- takes cart_hold_deadline (17.5: only cart_extend renews).
CREATE OR REPLACE FUNCTION cart_fix(p_cart text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_line record;
  v_ttl int;
  v_move record;
  v_held int;
  v_want int;
  v_grow int;
  v_hold_id text;
  v_changed int := 0;
  v_user text;
BEGIN
  SELECT s."reservationTtlSeconds", c."userId" INTO v_ttl, v_user FROM "Cart" c JOIN "Store" s ON s.id = c."storeId"
  WHERE c.id = p_cart AND c.status = 'ACTIVE' FOR UPDATE OF c;
  IF NOT FOUND THEN RETURN 0; END IF;
  PERFORM 1 FROM "Hold" WHERE "cartId" = p_cart AND status = 'ACTIVE' AND "orderId" IS NULL ORDER BY id FOR UPDATE;
  -- Every item of the cart's lines, in id order, before any counter moves.
  PERFORM 1 FROM "InventoryItem" WHERE id IN (
    SELECT v."inventoryItemId" FROM "CartLine" l JOIN "Variant" v ON v.id = l."variantId" WHERE l."cartId" = p_cart
  ) ORDER BY id FOR UPDATE;
  -- Over a limit: holds lowered first, then each line lowered to what it may have.
  PERFORM cart_trim_to_limits(p_cart, v_user, p_now);
  FOR v_line IN
    SELECT a.line_id, a.allowed FROM cart_line_allowances(p_cart, v_user) a JOIN "CartLine" l ON l.id = a.line_id
    WHERE l.quantity > a.allowed
  LOOP
    IF v_line.allowed = 0 THEN
      DELETE FROM "CartLine" WHERE id = v_line.line_id;
    ELSE
      UPDATE "CartLine" SET quantity = v_line.allowed WHERE id = v_line.line_id;
    END IF;
    v_changed := v_changed + 1;
  END LOOP;

  FOR v_line IN
    SELECT l.id AS line_id, l."variantId", l.quantity, v."inventoryItemId" AS item,
      catalog_sale_state(p, p_now) = 'ON_SALE' AS sellable,
      h.id AS hold_id, h.quantity AS hold_qty, h."expiresAt" AS hold_expires,
      (SELECT ls.listed FROM catalog_listed(v, i, c."storeId") ls) AS listed
    FROM "CartLine" l
    JOIN "Cart" c ON c.id = l."cartId"
    JOIN "Variant" v ON v.id = l."variantId"
    JOIN "Product" p ON p.id = v."productId"
    JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
    LEFT JOIN "Hold" h ON h."cartId" = l."cartId" AND h."variantId" = l."variantId" AND h.status = 'ACTIVE' AND h."orderId" IS NULL
    WHERE l."cartId" = p_cart
    ORDER BY v."inventoryItemId", l."variantId"
  LOOP
    v_held := COALESCE(v_line.hold_qty, 0);
    IF v_line.hold_id IS NOT NULL AND v_line.hold_expires <= p_now THEN
      PERFORM inv_end_hold(v_line.hold_id, 'EXPIRED', 'SYSTEM', NULL, NULL, 'hold lapsed', p_now);
      v_line.hold_id := NULL;
      v_held := 0;
    END IF;

    IF NOT v_line.sellable THEN
      IF v_line.hold_id IS NOT NULL THEN
        PERFORM inv_end_hold(v_line.hold_id, 'RELEASED', 'SYSTEM', NULL, NULL, 'no longer available', p_now);
      END IF;
      DELETE FROM "CartLine" WHERE id = v_line.line_id;
      v_changed := v_changed + 1;
      CONTINUE;
    END IF;

    IF v_held >= v_line.quantity THEN
      CONTINUE;
    END IF;

    -- An archived variant, or a supplier's item whose grant was revoked: no new hold; the line
    -- keeps what it still holds (or goes).
    IF NOT v_line.listed THEN
      IF v_held = 0 THEN
        DELETE FROM "CartLine" WHERE id = v_line.line_id;
      ELSE
        UPDATE "CartLine" SET quantity = v_held WHERE id = v_line.line_id;
      END IF;
      v_changed := v_changed + 1;
      CONTINUE;
    END IF;

    -- Hold what is missing, or as much of it as there is.
    v_want := v_line.quantity - v_held;
    v_hold_id := COALESCE(v_line.hold_id, gen_random_uuid()::text);
    SELECT * INTO v_move FROM inv_move_reserved(v_line.item, v_want, v_hold_id, NULL, 'SHOPPER', p_cart, NULL, 'cart fixed', p_now);
    v_grow := v_want;
    IF NOT v_move.ok THEN
      v_grow := LEAST(v_want, GREATEST(v_move.available, 0));
      IF v_grow > 0 THEN
        SELECT * INTO v_move FROM inv_move_reserved(v_line.item, v_grow, v_hold_id, NULL, 'SHOPPER', p_cart, NULL, 'cart fixed', p_now);
        IF NOT v_move.ok THEN v_grow := 0; END IF;
      END IF;
    END IF;

    IF v_held + v_grow = 0 THEN
      DELETE FROM "CartLine" WHERE id = v_line.line_id;
    ELSE
      IF v_line.hold_id IS NULL THEN
        INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, status, "expiresAt", "createdAt", "updatedAt")
        SELECT v_hold_id, c."storeId", v_line.item, v_line."variantId", p_cart, v_grow, 'ACTIVE',
          cart_hold_deadline(p_cart, v_line."variantId", v_ttl, p_now), p_now, p_now
        FROM "Cart" c WHERE c.id = p_cart;
      ELSIF v_grow > 0 THEN
        UPDATE "Hold" SET quantity = quantity + v_grow, "updatedAt" = p_now WHERE id = v_line.hold_id;
      END IF;
      UPDATE "CartLine" SET quantity = v_held + v_grow WHERE id = v_line.line_id;
    END IF;
    v_changed := v_changed + 1;
  END LOOP;
  UPDATE "Cart" SET "updatedAt" = p_now WHERE id = p_cart;
  RETURN v_changed;
END;
$$;
