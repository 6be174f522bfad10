-- The same, safe against the one case that cannot be sold: a payment for a PENDING order some of
-- whose units were released by hand and are gone. Then the order is cancelled (units released)
-- and the caller refunds. Never oversells.
CREATE OR REPLACE FUNCTION payment_settle(
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
