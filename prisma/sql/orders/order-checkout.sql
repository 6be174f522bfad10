-- Checkout: the cart's live holds become the order's holds (their expiry = the payment deadline).
-- code: OK (order created) | EXISTING (the Idempotency-Key's order, placed by this shopper)
--     | KEY_REUSED (the key belongs to someone else's order) | CART_EMPTY | CART_INVALID | NOT_FOUND
-- Issue 24: a guest's retry finds its order by the cookie's hash the order kept (guestTokenHash),
-- also after the guest wrote to a new cart (finding 5); and a line beyond its limits
-- (cart_line_allowances: the per-customer limit counting the customer's live orders, and
-- cart_cap_per_line()) makes the cart CART_INVALID, decided under a per-customer advisory lock that a
-- late payment's revival of a cancelled order takes too (payment_apply_outcome).
CREATE OR REPLACE FUNCTION order_checkout(
  p_store text, p_cart text, p_user text, p_token_hash text, p_idempotency_key text, p_now timestamp(3),
  OUT code text, OUT order_id text
) LANGUAGE plpgsql AS $$
DECLARE
  v_timeout int;
  v_currency text;
  v_cart_status "CartStatus";
  v_cart_user text;
  v_deadline timestamp(3);
  v_lines int;
  v_bad int;
  v_total bigint;
  v_owned boolean;
BEGIN
  SELECT s."paymentTimeoutSeconds", s.currency INTO v_timeout, v_currency FROM "Store" s WHERE s.id = p_store;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;

  -- The cart first (lock order): a concurrent checkout of the same cart waits here.
  IF p_cart IS NOT NULL THEN
    SELECT c.status, c."userId" INTO v_cart_status, v_cart_user FROM "Cart" c
    WHERE c.id = p_cart AND c."storeId" = p_store FOR UPDATE;
  END IF;

  -- Idempotency, checked AFTER the cart lock: a racing twin that waited on the lock now sees the
  -- order the first request committed (each statement here takes a fresh snapshot).
  IF p_idempotency_key IS NOT NULL THEN
    SELECT o.id, (o."userId" = p_user OR c."tokenHash" = p_token_hash OR o."guestTokenHash" = p_token_hash OR o."cartId" = p_cart) IS TRUE
      INTO order_id, v_owned
    FROM "Order" o LEFT JOIN "Cart" c ON c.id = o."cartId"
    WHERE o."storeId" = p_store AND o."idempotencyKey" = p_idempotency_key;
    IF order_id IS NOT NULL THEN
      IF v_owned THEN code := 'EXISTING'; ELSE code := 'KEY_REUSED'; order_id := NULL; END IF;
      RETURN;
    END IF;
  END IF;

  IF v_cart_status IS DISTINCT FROM 'ACTIVE' THEN code := 'CART_EMPTY'; RETURN; END IF;
  SELECT count(*) INTO v_lines FROM "CartLine" l WHERE l."cartId" = p_cart;
  IF v_lines = 0 THEN code := 'CART_EMPTY'; RETURN; END IF;

  -- The cart's live holds, locked in id order before any item.
  PERFORM 1 FROM "Hold" h WHERE h."cartId" = p_cart AND h.status = 'ACTIVE' AND h."orderId" IS NULL ORDER BY h.id FOR UPDATE;

  -- Every line must be fully held by a live hold, and its product sellable now in this store.
  SELECT count(*) INTO v_bad
  FROM "CartLine" l
  JOIN "Variant" v ON v.id = l."variantId"
  JOIN "Product" p ON p.id = v."productId"
  LEFT JOIN "Hold" h ON h."cartId" = l."cartId" AND h."variantId" = l."variantId" AND h.status = 'ACTIVE' AND h."orderId" IS NULL
  WHERE l."cartId" = p_cart AND NOT (
    h.id IS NOT NULL AND h."expiresAt" > p_now AND h.quantity = l.quantity
    AND v."storeId" = p_store AND catalog_sale_state(p, p_now) = 'ON_SALE');
  IF v_bad > 0 THEN code := 'CART_INVALID'; RETURN; END IF;

  -- Within the limits, counted against the customer's orders as they are now (one customer's
  -- checkouts and late revivals take turns here).
  IF COALESCE(v_cart_user, p_user) IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('shop.customer-limit'), hashtext(COALESCE(v_cart_user, p_user)));
  END IF;
  SELECT count(*) INTO v_bad FROM cart_line_allowances(p_cart, COALESCE(v_cart_user, p_user)) a
  JOIN "CartLine" l ON l.id = a.line_id WHERE l.quantity > a.allowed;
  IF v_bad > 0 THEN code := 'CART_INVALID'; RETURN; END IF;

  SELECT sum(v."priceCents"::bigint * l.quantity) INTO v_total
  FROM "CartLine" l JOIN "Variant" v ON v.id = l."variantId" WHERE l."cartId" = p_cart;
  IF v_total > 2147483647 THEN code := 'CART_INVALID'; RETURN; END IF;

  order_id := gen_random_uuid()::text;
  v_deadline := p_now + make_interval(secs => v_timeout);
  BEGIN
    INSERT INTO "Order" (id, "storeId", "cartId", "userId", status, "totalCents", currency, "paymentDeadline", "idempotencyKey", "createdAt")
    VALUES (order_id, p_store, p_cart, COALESCE(v_cart_user, p_user), 'PENDING_PAYMENT', v_total::int, v_currency, v_deadline,
      p_idempotency_key, p_now);
  EXCEPTION WHEN unique_violation THEN
    -- Another cart raced us to the same key (the unique index decided): never two orders per key.
    code := 'KEY_REUSED';
    order_id := NULL;
    RETURN;
  END;

  -- Snapshots: what was bought, at what price, as it was named at checkout.
  INSERT INTO "OrderLine" (id, "orderId", "variantId", "inventoryItemId", sku, "productTitle", "variantTitle", "unitPriceCents", quantity)
  SELECT gen_random_uuid()::text, order_id, l."variantId", v."inventoryItemId", i.sku, p.title, v.title, v."priceCents", l.quantity
  FROM "CartLine" l
  JOIN "Variant" v ON v.id = l."variantId"
  JOIN "Product" p ON p.id = v."productId"
  JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
  WHERE l."cartId" = p_cart
  ORDER BY l."createdAt", l.id;

  -- The holds move to the order; counters do not change (the units stay reserved until paid).
  UPDATE "Hold" h SET "orderId" = order_id, "expiresAt" = v_deadline, "updatedAt" = p_now
  FROM "CartLine" l
  WHERE h."cartId" = p_cart AND h.status = 'ACTIVE' AND h."orderId" IS NULL
    AND l."cartId" = p_cart AND l."variantId" = h."variantId";

  -- A cart hold without a line (should not exist) is not stranded: it is released.
  PERFORM inv_release_holds(
    ARRAY(SELECT h.id FROM "Hold" h WHERE h."cartId" = p_cart AND h.status = 'ACTIVE' AND h."orderId" IS NULL),
    'RELEASED', 'SYSTEM', NULL, NULL, 'checkout: hold without a cart line', p_now);

  UPDATE "Cart" SET status = 'CHECKED_OUT', "updatedAt" = p_now WHERE id = p_cart;
  code := 'OK';
END;
$$;
