-- The deadline of a new hold for a cart line (issue 17, item 5: renewing a hold by changing a
-- quantity counts against the same cap as extend). A line this cart has not held before, or whose
-- last hold's deadline has passed (its units were free for everyone since), gets the full TTL.
-- Otherwise the line keeps the deadline it had: removing and adding back, or changing the
-- quantity, never moves it later; only cart_extend does, at most maxHoldExtensions times.
-- Read through "Hold_by_cart_line" (the line's holds not moved to an order): without it this was
-- a walk of every hold ever written, once per new hold. PL/pgSQL, so its plan is cached per
-- session (a `LANGUAGE sql` function with an aggregate is planned again on every call).
CREATE OR REPLACE FUNCTION cart_hold_deadline(p_cart text, p_variant text, p_ttl int, p_now timestamp(3))
RETURNS timestamp(3) LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_last timestamp(3);
BEGIN
  SELECT max(h."expiresAt") INTO v_last FROM "Hold" h
  WHERE h."cartId" = p_cart AND h."variantId" = p_variant AND h."orderId" IS NULL;
  IF v_last > p_now THEN RETURN v_last; END IF;
  RETURN p_now + make_interval(secs => p_ttl);
END;
$$;
