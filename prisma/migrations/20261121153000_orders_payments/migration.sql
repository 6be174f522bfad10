-- Orders and payments as PL/pgSQL functions: checkout, payment settled (paid / failed / expired),
-- late payment (sell from available or refund), each ONE round trip and each transition exactly
-- once, whoever triggers it (webhook, sync job, cleanup, admin): every transition is guarded by the
-- order's status under the order's row lock, and the units move through the engine's
-- inv_sell_holds / inv_release_holds (20261121151000_sell_release), which are guarded by hold status.
--
-- Lock order (extends the engine's header): for order operations the Order row first, then its
-- Payment row, then the Holds (by id), then the InventoryItems (by id). Checkout locks the Cart, then
-- its Holds (by id), then (through the engine) InventoryItems (by id); it never locks an Order.
-- A WebhookEvent row (the idempotency record of a provider event) is written before the Order lock.
--
-- Also here: the low-stock alert trigger (an item's availability crossing its threshold downward
-- records one LowStockAlert; the jobs deliver it to ALERT_WEBHOOK_URL).

-- Checkout: the cart's live holds become the order's holds (their expiry = the payment deadline).
-- code: OK (order created) | EXISTING (the Idempotency-Key's order, placed by this shopper)
--     | KEY_REUSED (the key belongs to someone else's order) | CART_EMPTY | CART_INVALID | NOT_FOUND
CREATE FUNCTION order_checkout(
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
    SELECT o.id, (o."userId" = p_user OR c."tokenHash" = p_token_hash OR o."cartId" = p_cart) IS TRUE
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
    AND v."storeId" = p_store AND p.status = 'ACTIVE'
    AND (p."releaseAt" IS NULL OR p."releaseAt" <= p_now) AND (p."endsAt" IS NULL OR p."endsAt" > p_now));
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

-- Sells, from available units, whatever the order's lines still need beyond what its SOLD holds
-- cover (all of it for a cancelled order whose payment landed late). All or nothing: returns false
-- and changes nothing when any item lacks the units. The caller has locked the order and the
-- items of its lines (in id order).
CREATE FUNCTION order_sell_missing(
  p_order text, p_actor_type "ActorType", p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  v_need record;
  v_stock int;
  v_reserved int;
BEGIN
  BEGIN
    FOR v_need IN
      SELECT ol."inventoryItemId" AS item, (sum(ol.quantity) - COALESCE(max(sold.units), 0))::int AS units
      FROM "OrderLine" ol
      LEFT JOIN (
        SELECT h."inventoryItemId", sum(h.quantity) AS units FROM "Hold" h
        WHERE h."orderId" = p_order AND h.status = 'SOLD' GROUP BY h."inventoryItemId"
      ) sold ON sold."inventoryItemId" = ol."inventoryItemId"
      WHERE ol."orderId" = p_order
      GROUP BY ol."inventoryItemId"
      ORDER BY ol."inventoryItemId"
    LOOP
      CONTINUE WHEN v_need.units <= 0;
      UPDATE "InventoryItem" i SET stock = i.stock - v_need.units, "updatedAt" = p_now
      WHERE i.id = v_need.item AND i.stock - i.reserved >= v_need.units
      RETURNING i.stock, i.reserved INTO v_stock, v_reserved;
      IF NOT FOUND THEN
        -- Lapsed cart holds never block a sale (SKIP LOCKED: never waits on a hold).
        PERFORM inv_reclaim_lapsed(v_need.item, p_now);
        UPDATE "InventoryItem" i SET stock = i.stock - v_need.units, "updatedAt" = p_now
        WHERE i.id = v_need.item AND i.stock - i.reserved >= v_need.units
        RETURNING i.stock, i.reserved INTO v_stock, v_reserved;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'not enough units' USING ERRCODE = 'P0D01';
        END IF;
      END IF;
      PERFORM inv_ledger(v_need.item, 'LATE_SALE', -v_need.units, 0, v_stock, v_reserved, NULL, p_order,
        p_actor_type, NULL, p_actor_label, p_reason, p_now);
    END LOOP;
  EXCEPTION WHEN SQLSTATE 'P0D01' THEN
    RETURN false; -- rolled back to the block's start: nothing sold
  END;
  RETURN true;
END;
$$;

-- A provider's outcome for one payment, applied exactly once. p_outcome: succeeded | failed |
-- expired (expired / cancelled at the provider: not paid). With p_event_id (a webhook), the event
-- is recorded in the same transaction and a replay changes nothing.
-- code: DUPLICATE_EVENT | NOT_FOUND | PAID | LATE_SOLD | REFUND_NEEDED | CANCELLED | NO_CHANGE
CREATE FUNCTION payment_apply_outcome(
  p_provider text, p_ref text, p_outcome text, p_cancel_reason text,
  p_event_id text, p_event_type text, p_actor_label text, p_now timestamp(3),
  OUT code text, OUT order_id text, OUT order_status "OrderStatus"
) LANGUAGE plpgsql AS $$
DECLARE
  v_payment text;
  v_payment_status "PaymentStatus";
  v_cancel_reason text;
  v_ok boolean;
BEGIN
  IF p_outcome NOT IN ('succeeded', 'failed', 'expired') THEN
    RAISE EXCEPTION 'payment_apply_outcome: unknown outcome %', p_outcome;
  END IF;
  IF p_event_id IS NOT NULL THEN
    -- A concurrent twin of this event waits on the unique index, then finds it taken.
    INSERT INTO "WebhookEvent" (id, provider, "eventId", type, "receivedAt")
    VALUES (gen_random_uuid()::text, p_provider, p_event_id, COALESCE(p_event_type, p_outcome), p_now)
    ON CONFLICT (provider, "eventId") DO NOTHING;
    IF NOT FOUND THEN code := 'DUPLICATE_EVENT'; RETURN; END IF;
  END IF;

  SELECT p."orderId", p.id INTO order_id, v_payment FROM "Payment" p WHERE p.provider = p_provider AND p."providerRef" = p_ref;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;
  -- The order first, then its payment (lock order).
  SELECT o.status, o."cancelReason" INTO order_status, v_cancel_reason FROM "Order" o WHERE o.id = order_id FOR UPDATE;
  SELECT p.status INTO v_payment_status FROM "Payment" p WHERE p.id = v_payment FOR UPDATE;

  IF p_outcome = 'succeeded' THEN
    IF v_payment_status = 'REFUNDED' OR order_status = 'PAID' THEN
      code := 'NO_CHANGE';
      UPDATE "Payment" SET status = 'SUCCEEDED', "settledAt" = COALESCE("settledAt", p_now), "updatedAt" = p_now
      WHERE id = v_payment AND status <> 'SUCCEEDED' AND status <> 'REFUNDED';
      RETURN;
    END IF;
    -- A success is a fact: the payment records it whatever the order's state.
    UPDATE "Payment" SET status = 'SUCCEEDED', "settledAt" = p_now, "lastCheckedAt" = p_now, "updatedAt" = p_now
    WHERE id = v_payment;
    -- Holds, then the items of every line, in id order (lock order), before any unit moves.
    PERFORM 1 FROM "Hold" h WHERE h."orderId" = order_id AND h.status = 'ACTIVE' ORDER BY h.id FOR UPDATE;
    PERFORM 1 FROM "InventoryItem" i WHERE i.id IN (SELECT ol."inventoryItemId" FROM "OrderLine" ol WHERE ol."orderId" = order_id)
    ORDER BY i.id FOR UPDATE;

    IF order_status = 'PENDING_PAYMENT' THEN
      PERFORM inv_sell_holds(ARRAY(SELECT h.id FROM "Hold" h WHERE h."orderId" = order_id AND h.status = 'ACTIVE'),
        order_id, 'SYSTEM', NULL, p_actor_label, 'payment succeeded', p_now);
      -- Normally nothing is missing; a hold that was released by hand is sold from available units.
      v_ok := order_sell_missing(order_id, 'SYSTEM', p_actor_label, 'payment succeeded; hold had been released', p_now);
      IF v_ok THEN
        UPDATE "Order" SET status = 'PAID', "paidAt" = p_now WHERE id = order_id;
        code := 'PAID';
        order_status := 'PAID';
      ELSE
        -- Cannot deliver: undo the sale of the other lines is not possible here (already sold in this
        -- statement), so the whole order is cancelled below and refunded by the caller.
        RAISE EXCEPTION 'order % paid but units missing', order_id USING ERRCODE = 'P0D02';
      END IF;
      RETURN;
    END IF;

    -- CANCELLED, and the money arrived anyway: sell from available units if all are there.
    IF v_cancel_reason = 'LATE_PAYMENT_REFUNDED' THEN
      code := 'REFUND_NEEDED'; -- a refund is under way or failed before: the caller retries it
      RETURN;
    END IF;
    v_ok := order_sell_missing(order_id, 'SYSTEM', p_actor_label, 'payment arrived after cancellation', p_now);
    IF v_ok THEN
      UPDATE "Order" SET status = 'PAID', "paidAt" = p_now, "cancelledAt" = NULL, "cancelReason" = NULL WHERE id = order_id;
      code := 'LATE_SOLD';
      order_status := 'PAID';
    ELSE
      -- Never oversell: the order stays cancelled and the caller refunds through the provider.
      UPDATE "Order" SET "cancelReason" = 'LATE_PAYMENT_REFUNDED' WHERE id = order_id;
      code := 'REFUND_NEEDED';
    END IF;
    RETURN;
  END IF;

  -- failed / expired: not paid.
  UPDATE "Payment" SET status = CASE WHEN p_outcome = 'failed' THEN 'FAILED'::"PaymentStatus" ELSE 'CANCELLED'::"PaymentStatus" END,
    "settledAt" = p_now, "lastCheckedAt" = p_now, "updatedAt" = p_now
  WHERE id = v_payment AND status = 'PENDING';
  IF order_status <> 'PENDING_PAYMENT' THEN
    code := 'NO_CHANGE';
    RETURN;
  END IF;
  PERFORM inv_release_holds(ARRAY(SELECT h.id FROM "Hold" h WHERE h."orderId" = order_id AND h.status = 'ACTIVE'),
    'RELEASED', 'SYSTEM', NULL, p_actor_label,
    CASE WHEN p_outcome = 'failed' THEN 'payment failed' ELSE 'payment not made in time' END, p_now);
  UPDATE "Order" SET status = 'CANCELLED', "cancelledAt" = p_now,
    "cancelReason" = COALESCE(p_cancel_reason, CASE WHEN p_outcome = 'failed' THEN 'PAYMENT_FAILED' ELSE 'PAYMENT_TIMEOUT' END)
  WHERE id = order_id;
  code := 'CANCELLED';
  order_status := 'CANCELLED';
END;
$$;

-- The same, safe against the one case that cannot be sold: a payment for a PENDING order some of
-- whose units were released by hand and are gone. Then the order is cancelled (units released)
-- and the caller refunds. Never oversells.
CREATE FUNCTION payment_settle(
  p_provider text, p_ref text, p_outcome text, p_cancel_reason text,
  p_event_id text, p_event_type text, p_actor_label text, p_now timestamp(3),
  OUT code text, OUT order_id text, OUT order_status "OrderStatus"
) LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  BEGIN
    SELECT * INTO r FROM payment_apply_outcome(p_provider, p_ref, p_outcome, p_cancel_reason, p_event_id, p_event_type, p_actor_label, p_now);
    code := r.code; order_id := r.order_id; order_status := r.order_status;
  EXCEPTION WHEN SQLSTATE 'P0D02' THEN
    -- Rolled back (event record included); cancel the order, then record the late refund.
    SELECT * INTO r FROM payment_apply_outcome(p_provider, p_ref, 'failed', 'LATE_PAYMENT_REFUNDED', p_event_id, p_event_type, p_actor_label, p_now);
    UPDATE "Payment" SET status = 'SUCCEEDED', "settledAt" = p_now, "updatedAt" = p_now
    WHERE provider = p_provider AND "providerRef" = p_ref;
    code := 'REFUND_NEEDED'; order_id := r.order_id; order_status := 'CANCELLED';
  END;
END;
$$;

-- After the provider confirmed a refund: the payment is REFUNDED and the cancelled order says why.
-- Returns false when there was nothing to record (already recorded, or the order is not cancelled).
CREATE FUNCTION payment_record_refund(p_provider text, p_ref text, p_now timestamp(3)) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  v_order text;
  v_payment text;
BEGIN
  SELECT p."orderId", p.id INTO v_order, v_payment FROM "Payment" p WHERE p.provider = p_provider AND p."providerRef" = p_ref;
  IF NOT FOUND THEN RETURN false; END IF;
  PERFORM 1 FROM "Order" o WHERE o.id = v_order AND o.status = 'CANCELLED' FOR UPDATE;
  IF NOT FOUND THEN RETURN false; END IF;
  UPDATE "Payment" SET status = 'REFUNDED', "settledAt" = COALESCE("settledAt", p_now), "updatedAt" = p_now
  WHERE id = v_payment AND status = 'SUCCEEDED';
  IF NOT FOUND THEN RETURN false; END IF;
  UPDATE "Order" SET "cancelReason" = 'LATE_PAYMENT_REFUNDED' WHERE id = v_order;
  RETURN true;
END;
$$;

-- Cancels a PENDING_PAYMENT order that has no payment to settle (none was created, or the admin
-- cancels after the provider-side payment was cancelled): releases its units. Guarded: once.
-- code: CANCELLED | NO_CHANGE | NOT_FOUND
CREATE FUNCTION order_cancel(
  p_order text, p_reason text, p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_now timestamp(3),
  OUT code text, OUT order_status "OrderStatus"
) LANGUAGE plpgsql AS $$
BEGIN
  SELECT o.status INTO order_status FROM "Order" o WHERE o.id = p_order FOR UPDATE;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;
  IF order_status <> 'PENDING_PAYMENT' THEN code := 'NO_CHANGE'; RETURN; END IF;
  UPDATE "Payment" SET status = 'CANCELLED', "settledAt" = p_now, "updatedAt" = p_now
  WHERE "orderId" = p_order AND status = 'PENDING';
  PERFORM inv_release_holds(ARRAY(SELECT h.id FROM "Hold" h WHERE h."orderId" = p_order AND h.status = 'ACTIVE'),
    'RELEASED', p_actor_type, p_actor_id, p_actor_label, lower(replace(p_reason, '_', ' ')), p_now);
  UPDATE "Order" SET status = 'CANCELLED', "cancelledAt" = p_now, "cancelReason" = p_reason WHERE id = p_order;
  code := 'CANCELLED';
  order_status := 'CANCELLED';
END;
$$;

-- Low-stock alerts: when an item's availability (stock - reserved) crosses its threshold downward,
-- one LowStockAlert row is recorded (at most one per item per hour, so holds that come and go
-- around the threshold do not flood the channel). Delivery is the jobs' work.
CREATE FUNCTION inv_record_low_stock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_threshold int;
  v_before int := OLD.stock - OLD.reserved;
  v_after int := NEW.stock - NEW.reserved;
BEGIN
  v_threshold := NEW."lowStockThreshold";
  IF v_threshold IS NULL THEN
    SELECT s."lowStockDefault" INTO v_threshold FROM "Store" s WHERE s.id = NEW."storeId";
  END IF;
  IF v_threshold IS NULL OR NOT (v_before > v_threshold AND v_after <= v_threshold) THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM "LowStockAlert" a WHERE a."inventoryItemId" = NEW.id AND a."createdAt" > NEW."updatedAt" - interval '1 hour') THEN
    RETURN NULL;
  END IF;
  INSERT INTO "LowStockAlert" (id, "storeId", "inventoryItemId", available, threshold, "createdAt")
  VALUES (gen_random_uuid()::text, NEW."storeId", NEW.id, v_after, v_threshold, NEW."updatedAt");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "InventoryItem_low_stock"
AFTER UPDATE OF stock, reserved ON "InventoryItem"
FOR EACH ROW WHEN (NEW.stock - NEW.reserved < OLD.stock - OLD.reserved)
EXECUTE FUNCTION inv_record_low_stock();

-- The jobs' queues: orders past their deadline, payments due for a check, alerts to deliver.
CREATE INDEX "Order_pending_deadline_idx" ON "Order" ("paymentDeadline", id) WHERE status = 'PENDING_PAYMENT';
CREATE INDEX "Payment_pending_due_idx" ON "Payment" ("nextCheckAt", id) WHERE status = 'PENDING';
CREATE INDEX "LowStockAlert_undelivered_idx" ON "LowStockAlert" ("createdAt") WHERE "deliveredAt" IS NULL;
