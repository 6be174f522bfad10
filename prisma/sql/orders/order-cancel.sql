-- Cancels a PENDING_PAYMENT order that has no payment to settle (none was created, or the admin
-- cancels after the provider-side payment was cancelled): releases its units. Guarded: once.
-- code: CANCELLED | NO_CHANGE | NOT_FOUND
CREATE OR REPLACE FUNCTION order_cancel(
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
