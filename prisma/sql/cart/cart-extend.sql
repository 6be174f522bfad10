-- Renews the cart's live holds for another TTL, at most maxHoldExtensions times.
-- code: OK | EXTEND_LIMIT | NOTHING_HELD
CREATE OR REPLACE FUNCTION cart_extend(p_cart text, p_now timestamp(3), OUT code text, OUT extensions_left int)
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
