-- After the provider confirmed a refund: the payment is REFUNDED and the cancelled order says why.
-- Returns false when there was nothing to record (already recorded, or the order is not cancelled).
CREATE OR REPLACE FUNCTION payment_record_refund(p_provider text, p_ref text, p_now timestamp(3)) RETURNS boolean LANGUAGE plpgsql AS $$
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
