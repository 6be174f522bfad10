-- A provider's outcome for one payment, applied exactly once. p_outcome: succeeded | failed |
-- expired (expired / cancelled at the provider: not paid). With p_event_id (a webhook), the event
-- is recorded in the same transaction and a replay changes nothing.
-- code: DUPLICATE_EVENT | NOT_FOUND | PAID | LATE_SOLD | REFUND_NEEDED | CANCELLED | NO_CHANGE
CREATE OR REPLACE FUNCTION payment_apply_outcome(
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
