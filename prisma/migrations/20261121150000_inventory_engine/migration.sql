-- The inventory engine's write paths, as PL/pgSQL functions: each is ONE round trip from the app
-- (no interactive transaction, reference gotcha 4) and runs atomically in the caller's statement.
--
-- Invariants kept here (DESIGN.md):
--   * item.reserved = the sum of its ACTIVE holds;  0 <= reserved <= stock (CHECK)
--   * item.stock and item.reserved = the sums of their ledger deltas ("StockMovement")
--   * every hold transition happens once: updates are guarded by status = 'ACTIVE'
--
-- Lock order, everywhere, so that no two transactions can deadlock:
--   Cart (by id) -> the Holds the operation will change (all at once, by id) -> InventoryItems (by id).
-- Reclaiming OTHER carts' lapsed holds uses SKIP LOCKED, so it never waits on a hold that another
-- transaction (the sweeper) is already expiring.
--
-- Times are UTC "timestamp(3)" like every Prisma DateTime; callers pass their clock as p_now.

-- One ledger row.
CREATE FUNCTION inv_ledger(
  p_item text, p_kind "MovementKind", p_stock_delta int, p_reserved_delta int,
  p_stock_after int, p_reserved_after int, p_hold text, p_order text,
  p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "StockMovement" ("storeId", "inventoryItemId", "kind", "stockDelta", "reservedDelta",
    "stockAfter", "reservedAfter", "holdId", "orderId", "actorType", "actorId", "actorLabel", "reason", "createdAt")
  SELECT i."storeId", p_item, p_kind, p_stock_delta, p_reserved_delta, p_stock_after, p_reserved_after,
    p_hold, p_order, p_actor_type, p_actor_id, p_actor_label, p_reason, p_now
  FROM "InventoryItem" i WHERE i.id = p_item;
$$;

-- Expires one item's lapsed cart holds (never an order's: those wait for the payment's outcome),
-- skipping any hold another transaction has locked. One statement: this runs on the contended path.
-- Returns the units given back.
CREATE FUNCTION inv_reclaim_lapsed(p_item text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_units int;
BEGIN
  WITH lapsed AS (
    SELECT h.id FROM "Hold" h
    WHERE h."inventoryItemId" = p_item AND h.status = 'ACTIVE' AND h."orderId" IS NULL AND h."expiresAt" <= p_now
    ORDER BY h.id
    FOR UPDATE SKIP LOCKED
  ), expired AS (
    UPDATE "Hold" h SET status = 'EXPIRED', "endedAt" = p_now, "updatedAt" = p_now
    FROM lapsed WHERE h.id = lapsed.id AND h.status = 'ACTIVE'
    RETURNING h.id, h.quantity
  ), total AS (
    SELECT COALESCE(sum(quantity), 0)::int AS units FROM expired
  ), moved AS (
    UPDATE "InventoryItem" i SET reserved = i.reserved - total.units, "updatedAt" = p_now
    FROM total WHERE i.id = p_item AND total.units > 0
    RETURNING i."storeId", i.stock, i.reserved
  ), ledger AS (
    -- One EXPIRE row per hold; reservedAfter walks down from the pre-reclaim value.
    INSERT INTO "StockMovement" ("storeId", "inventoryItemId", "kind", "stockDelta", "reservedDelta",
      "stockAfter", "reservedAfter", "holdId", "actorType", "reason", "createdAt")
    SELECT moved."storeId", p_item, 'EXPIRE', 0, -e.quantity, moved.stock,
      moved.reserved + total.units - (sum(e.quantity) OVER (ORDER BY e.id))::int, e.id, 'SYSTEM', 'hold lapsed', p_now
    FROM expired e CROSS JOIN moved CROSS JOIN total
  )
  SELECT units INTO v_units FROM total;
  RETURN v_units;
END;
$$;

-- Moves an item's reserved counter by p_delta (> 0: guarded so it never exceeds stock; on failure
-- reclaims the item's lapsed holds and tries once more). Writes the ledger row.
-- Returns the item's stock and reserved after, or ok = false with the units available now.
CREATE FUNCTION inv_move_reserved(
  p_item text, p_delta int, p_hold text, p_order text,
  p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3),
  OUT ok boolean, OUT stock_after int, OUT reserved_after int, OUT available int
) LANGUAGE plpgsql AS $$
BEGIN
  ok := true;
  IF p_delta = 0 THEN
    SELECT i.stock, i.reserved INTO stock_after, reserved_after FROM "InventoryItem" i WHERE i.id = p_item;
    available := stock_after - reserved_after;
    RETURN;
  END IF;
  IF p_delta > 0 THEN
    UPDATE "InventoryItem" i SET reserved = i.reserved + p_delta, "updatedAt" = p_now
    WHERE i.id = p_item AND i.stock - i.reserved >= p_delta
    RETURNING i.stock, i.reserved INTO stock_after, reserved_after;
    IF NOT FOUND THEN
      -- Contention: lapsed holds must never block anyone, even if the sweeper has not run.
      PERFORM inv_reclaim_lapsed(p_item, p_now);
      UPDATE "InventoryItem" i SET reserved = i.reserved + p_delta, "updatedAt" = p_now
      WHERE i.id = p_item AND i.stock - i.reserved >= p_delta
      RETURNING i.stock, i.reserved INTO stock_after, reserved_after;
      IF NOT FOUND THEN
        ok := false;
        SELECT i.stock - i.reserved INTO available FROM "InventoryItem" i WHERE i.id = p_item;
        RETURN;
      END IF;
    END IF;
    PERFORM inv_ledger(p_item, 'HOLD', 0, p_delta, stock_after, reserved_after, p_hold, p_order,
      p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
  ELSE
    UPDATE "InventoryItem" i SET reserved = i.reserved + p_delta, "updatedAt" = p_now
    WHERE i.id = p_item
    RETURNING i.stock, i.reserved INTO stock_after, reserved_after;
    PERFORM inv_ledger(p_item, 'RELEASE', 0, p_delta, stock_after, reserved_after, p_hold, p_order,
      p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
  END IF;
  available := stock_after - reserved_after;
END;
$$;

-- Ends one ACTIVE hold (RELEASED or EXPIRED) and gives its units back; false if it was not active.
-- The caller has locked the hold row (or accepts that the guard decides).
CREATE FUNCTION inv_end_hold(
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

-- The hot path: add to (p_mode 'add') or set (p_mode 'set') one cart line, holding exactly the
-- units the line asks for. Finds or creates the store's active cart for the user / guest token.
-- code: OK | NOT_FOUND | NOT_AVAILABLE | NOT_RELEASED | LIMIT_EXCEEDED | INSUFFICIENT_STOCK | NO_CART
CREATE FUNCTION cart_set_line(
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
  IF cart_id IS NULL THEN RETURN; END IF; -- nothing to remove from a cart that does not exist

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

-- Empties a cart: releases every active hold (in lock order) and deletes its lines.
CREATE FUNCTION cart_clear(p_cart text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_hold record;
  v_n int := 0;
BEGIN
  PERFORM 1 FROM "Cart" WHERE id = p_cart AND status = 'ACTIVE' FOR UPDATE;
  IF NOT FOUND THEN RETURN 0; END IF;
  PERFORM 1 FROM "Hold" WHERE "cartId" = p_cart AND status = 'ACTIVE' AND "orderId" IS NULL ORDER BY id FOR UPDATE;
  FOR v_hold IN
    SELECT id, "expiresAt" FROM "Hold" WHERE "cartId" = p_cart AND status = 'ACTIVE' AND "orderId" IS NULL ORDER BY "inventoryItemId"
  LOOP
    PERFORM inv_end_hold(v_hold.id, CASE WHEN v_hold."expiresAt" <= p_now THEN 'EXPIRED'::"HoldStatus" ELSE 'RELEASED'::"HoldStatus" END,
      'SHOPPER', p_cart, NULL, 'cart cleared', p_now);
    v_n := v_n + 1;
  END LOOP;
  DELETE FROM "CartLine" WHERE "cartId" = p_cart;
  UPDATE "Cart" SET "updatedAt" = p_now WHERE id = p_cart;
  RETURN v_n;
END;
$$;

-- Renews the cart's live holds for another TTL, at most maxHoldExtensions times.
-- code: OK | EXTEND_LIMIT | NOTHING_HELD
CREATE FUNCTION cart_extend(p_cart text, p_now timestamp(3), OUT code text, OUT extensions_left int)
LANGUAGE plpgsql AS $$
DECLARE
  v_used int;
  v_max int;
  v_ttl int;
  v_n int;
BEGIN
  SELECT c."extensionsUsed", s."maxHoldExtensions", s."reservationTtlSeconds" INTO v_used, v_max, v_ttl
  FROM "Cart" c JOIN "Store" s ON s.id = c."storeId" WHERE c.id = p_cart AND c.status = 'ACTIVE' FOR UPDATE OF c;
  IF NOT FOUND THEN code := 'NOTHING_HELD'; extensions_left := 0; RETURN; END IF;
  IF v_used >= v_max THEN code := 'EXTEND_LIMIT'; extensions_left := 0; RETURN; END IF;
  UPDATE "Hold" SET "expiresAt" = p_now + make_interval(secs => v_ttl), "updatedAt" = p_now
  WHERE "cartId" = p_cart AND status = 'ACTIVE' AND "orderId" IS NULL AND "expiresAt" > p_now;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  IF v_n = 0 THEN code := 'NOTHING_HELD'; extensions_left := v_max - v_used; RETURN; END IF;
  UPDATE "Cart" SET "extensionsUsed" = v_used + 1, "updatedAt" = p_now WHERE id = p_cart;
  code := 'OK';
  extensions_left := v_max - v_used - 1;
END;
$$;

-- The auto-fix: every line ends up fully held, reduced to what can be held, or removed.
-- Lines are visited in item order (lock order). Returns the number of lines changed.
CREATE FUNCTION cart_fix(p_cart text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
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

-- At sign-in: the guest cart's lines and holds move into the user's cart (created if needed).
-- Where both carts have a line for a variant, the quantities add up and so do the holds (the guest
-- hold is released into the user's hold: reserved does not move, the ledger shows both rows).
-- Returns the user's cart id (NULL when there was nothing to merge and no user cart).
CREATE FUNCTION cart_merge(p_store text, p_guest_token_hash text, p_user text, p_now timestamp(3))
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_guest text;
  v_user_cart text;
  v_line record;
  v_user_hold record;
  v_stock int;
  v_reserved int;
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

-- Sets (p_stock) or moves (p_adjust) an item's stock and/or its threshold. Refuses to go below
-- what is held (lapsed holds are reclaimed first) or below zero.
-- code: OK | NOT_FOUND | STOCK_BELOW_RESERVED
CREATE FUNCTION inv_adjust(
  p_item text, p_stock int, p_adjust int, p_threshold int, p_set_threshold boolean,
  p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3),
  OUT code text, OUT stock_after int, OUT reserved_after int
) LANGUAGE plpgsql AS $$
DECLARE
  v_old int;
  v_new int;
BEGIN
  code := 'OK';
  SELECT stock INTO v_old FROM "InventoryItem" WHERE id = p_item FOR UPDATE;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;
  IF p_stock IS NOT NULL OR p_adjust IS NOT NULL THEN
    v_new := COALESCE(p_stock, v_old + p_adjust);
    UPDATE "InventoryItem" SET stock = v_new, "updatedAt" = p_now
    WHERE id = p_item AND v_new >= reserved AND v_new >= 0 RETURNING stock, reserved INTO stock_after, reserved_after;
    IF NOT FOUND AND v_new >= 0 THEN
      PERFORM inv_reclaim_lapsed(p_item, p_now);
      UPDATE "InventoryItem" SET stock = v_new, "updatedAt" = p_now
      WHERE id = p_item AND v_new >= reserved RETURNING stock, reserved INTO stock_after, reserved_after;
    END IF;
    IF NOT FOUND THEN
      code := 'STOCK_BELOW_RESERVED';
      SELECT stock, reserved INTO stock_after, reserved_after FROM "InventoryItem" WHERE id = p_item;
      RETURN;
    END IF;
    IF v_new <> v_old THEN
      PERFORM inv_ledger(p_item, 'ADJUST', v_new - v_old, 0, stock_after, reserved_after, NULL, NULL,
        p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
    END IF;
  END IF;
  IF p_set_threshold THEN
    UPDATE "InventoryItem" SET "lowStockThreshold" = p_threshold, "updatedAt" = p_now WHERE id = p_item;
  END IF;
  SELECT stock, reserved INTO stock_after, reserved_after FROM "InventoryItem" WHERE id = p_item;
END;
$$;

-- All-or-nothing bulk change. p_rows: [{ "itemId", "row", "stock"?, "adjust"?, "lowStockThreshold"? (null clears) }].
-- Items are locked in id order. Returns one row per failed input row; when any fails, nothing is
-- applied (the work is rolled back to a savepoint) and the failures are returned.
CREATE FUNCTION inv_bulk_adjust(
  p_rows jsonb, p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS TABLE (row_index int, error_code text, stock int, reserved int) LANGUAGE plpgsql AS $$
DECLARE
  v_row record;
  v_res record;
  v_failed jsonb := '[]'::jsonb;
BEGIN
  BEGIN
    FOR v_row IN
      SELECT (r->>'itemId') AS item_id, (r->>'row')::int AS idx,
        (r->>'stock')::int AS stock, (r->>'adjust')::int AS adjust,
        (r->>'lowStockThreshold')::int AS threshold, (r ? 'lowStockThreshold') AS set_threshold
      FROM jsonb_array_elements(p_rows) r
      ORDER BY r->>'itemId', (r->>'row')::int
    LOOP
      SELECT * INTO v_res FROM inv_adjust(v_row.item_id, v_row.stock, v_row.adjust, v_row.threshold, v_row.set_threshold,
        p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
      IF v_res.code <> 'OK' THEN
        v_failed := v_failed || jsonb_build_object('row', v_row.idx, 'code', v_res.code, 'stock', v_res.stock_after, 'reserved', v_res.reserved_after);
      END IF;
    END LOOP;
    IF jsonb_array_length(v_failed) > 0 THEN
      RAISE EXCEPTION 'bulk rejected' USING ERRCODE = 'P0B01';
    END IF;
  EXCEPTION WHEN SQLSTATE 'P0B01' THEN
    -- rolled back to the block's start; v_failed survives
    NULL;
  END;
  RETURN QUERY SELECT (f->>'row')::int, f->>'code', (f->>'stock')::int, (f->>'reserved')::int
  FROM jsonb_array_elements(v_failed) f ORDER BY (f->>'row')::int;
END;
$$;

-- Releases one hold by id within a store's reach (the admin's "Release"); false if not active.
CREATE FUNCTION inv_release_hold(
  p_hold text, p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "Hold" WHERE id = p_hold AND status = 'ACTIVE' FOR UPDATE;
  IF NOT FOUND THEN RETURN false; END IF;
  RETURN inv_end_hold(p_hold, 'RELEASED', p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
END;
$$;

-- The sweeper: expires up to p_limit lapsed cart holds (skipping locked ones), moving each item's
-- counter once by the batch's sum, items in id order. Returns holds expired and units released.
CREATE FUNCTION inv_sweep_lapsed(p_now timestamp(3), p_limit int, OUT holds int, OUT units int)
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS _swept (id text, item text, quantity int) ON COMMIT DROP;
  TRUNCATE _swept;
  WITH lapsed AS (
    SELECT h.id FROM "Hold" h
    WHERE h.status = 'ACTIVE' AND h."orderId" IS NULL AND h."expiresAt" <= p_now
    ORDER BY h."expiresAt"
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  ), expired AS (
    UPDATE "Hold" h SET status = 'EXPIRED', "endedAt" = p_now, "updatedAt" = p_now
    FROM lapsed WHERE h.id = lapsed.id
    RETURNING h.id, h."inventoryItemId", h.quantity
  )
  INSERT INTO _swept SELECT id, "inventoryItemId", quantity FROM expired;

  SELECT count(*), COALESCE(sum(quantity), 0) INTO holds, units FROM _swept;
  IF holds = 0 THEN RETURN; END IF;

  -- Lock the touched items in id order, then move each counter once.
  PERFORM 1 FROM "InventoryItem" WHERE id IN (SELECT DISTINCT item FROM _swept) ORDER BY id FOR UPDATE;
  CREATE TEMP TABLE IF NOT EXISTS _swept_items (item text, units int, stock int, reserved int) ON COMMIT DROP;
  TRUNCATE _swept_items;
  WITH per_item AS (SELECT item, sum(quantity)::int AS units FROM _swept GROUP BY item),
  moved AS (
    UPDATE "InventoryItem" i SET reserved = i.reserved - per_item.units, "updatedAt" = p_now
    FROM per_item WHERE i.id = per_item.item
    RETURNING i.id, per_item.units, i.stock, i.reserved
  )
  INSERT INTO _swept_items SELECT * FROM moved;

  INSERT INTO "StockMovement" ("storeId", "inventoryItemId", "kind", "stockDelta", "reservedDelta",
    "stockAfter", "reservedAfter", "holdId", "actorType", "reason", "createdAt")
  SELECT i."storeId", s.item, 'EXPIRE', 0, -s.quantity, si.stock,
    si.reserved + si.units - sum(s.quantity) OVER (PARTITION BY s.item ORDER BY s.id), s.id, 'SYSTEM', 'hold lapsed', p_now
  FROM _swept s JOIN _swept_items si ON si.item = s.item JOIN "InventoryItem" i ON i.id = s.item;
END;
$$;
