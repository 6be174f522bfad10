-- Renews the cart's live holds for another TTL, at most maxHoldExtensions times. Only holds of
-- listings that can still be sold are renewed (issue 24, finding 4: no re-hold of an archived,
-- ended or not-yet-released product; nor of an archived variant or a reseller's listing whose
-- supplier grant was revoked: cart_fix's `listed`); the others keep their deadline and lapse.
-- code: OK | EXTEND_LIMIT | NOTHING_HELD
CREATE OR REPLACE FUNCTION cart_extend(p_cart text, p_now timestamp(3), OUT code text, OUT extensions_left int)
LANGUAGE plpgsql AS $$
DECLARE
  v_used int;
  v_max int;
  v_ttl int;
  v_n int;
  v_store text;
BEGIN
  SELECT c."extensionsUsed", s."maxHoldExtensions", s."reservationTtlSeconds", c."storeId" INTO v_used, v_max, v_ttl, v_store
  FROM "Cart" c JOIN "Store" s ON s.id = c."storeId" WHERE c.id = p_cart AND c.status = 'ACTIVE' FOR UPDATE OF c;
  IF NOT FOUND THEN code := 'NOTHING_HELD'; extensions_left := 0; RETURN; END IF;
  IF v_used >= v_max THEN code := 'EXTEND_LIMIT'; extensions_left := 0; RETURN; END IF;
  UPDATE "Hold" h SET "expiresAt" = p_now + make_interval(secs => v_ttl), "updatedAt" = p_now
  FROM "Variant" v JOIN "Product" p ON p.id = v."productId" JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
  WHERE h."cartId" = p_cart AND h.status = 'ACTIVE' AND h."orderId" IS NULL AND h."expiresAt" > p_now
    AND v.id = h."variantId" AND catalog_sale_state(p, p_now) = 'ON_SALE'
    AND (SELECT listed FROM catalog_listed(v, i, v_store));
  GET DIAGNOSTICS v_n = ROW_COUNT;
  IF v_n = 0 THEN code := 'NOTHING_HELD'; extensions_left := v_max - v_used; RETURN; END IF;
  UPDATE "Cart" SET "extensionsUsed" = v_used + 1, "updatedAt" = p_now WHERE id = p_cart;
  code := 'OK';
  extensions_left := v_max - v_used - 1;
END;
$$;
