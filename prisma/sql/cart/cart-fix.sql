-- The auto-fix: every line ends up fully held, reduced to what can be held, or removed.
-- Lines are visited in item order (lock order). Returns the number of lines changed.
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
BEGIN
  SELECT s."reservationTtlSeconds" INTO v_ttl FROM "Cart" c JOIN "Store" s ON s.id = c."storeId"
  WHERE c.id = p_cart AND c.status = 'ACTIVE' FOR UPDATE OF c;
  IF NOT FOUND THEN RETURN 0; END IF;
  PERFORM 1 FROM "Hold" WHERE "cartId" = p_cart AND status = 'ACTIVE' AND "orderId" IS NULL ORDER BY id FOR UPDATE;

  FOR v_line IN
    SELECT l.id AS line_id, l."variantId", l.quantity, v."inventoryItemId" AS item,
      (p.status = 'ACTIVE' AND (p."releaseAt" IS NULL OR p."releaseAt" <= p_now) AND (p."endsAt" IS NULL OR p."endsAt" > p_now)) AS sellable,
      h.id AS hold_id, h.quantity AS hold_qty, h."expiresAt" AS hold_expires
    FROM "CartLine" l
    JOIN "Variant" v ON v.id = l."variantId"
    JOIN "Product" p ON p.id = v."productId"
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
        SELECT v_hold_id, c."storeId", v_line.item, v_line."variantId", p_cart, v_grow, 'ACTIVE', p_now + make_interval(secs => v_ttl), p_now, p_now
        FROM "Cart" c WHERE c.id = p_cart;
      ELSIF v_grow > 0 THEN
        UPDATE "Hold" SET quantity = quantity + v_grow, "expiresAt" = p_now + make_interval(secs => v_ttl), "updatedAt" = p_now
        WHERE id = v_line.hold_id;
      END IF;
      UPDATE "CartLine" SET quantity = v_held + v_grow WHERE id = v_line.line_id;
    END IF;
    v_changed := v_changed + 1;
  END LOOP;
  UPDATE "Cart" SET "updatedAt" = p_now WHERE id = p_cart;
  RETURN v_changed;
END;
$$;
