-- Empties a cart: releases every active hold (in lock order) and deletes its lines.
CREATE OR REPLACE FUNCTION cart_clear(p_cart text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
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
