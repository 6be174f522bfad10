-- Lowers every hold of a cart that holds more than its line may (cart_line_allowances) to what it
-- may hold (ended when that is 0). The line keeps the quantity the shopper asked for, so the cart
-- view shows a QUANTITY_REDUCED issue saying which limit applies, checkout refuses the cart until
-- it is fixed, and the fix lowers the line. The caller has locked the cart, its holds and their
-- items (lock order). Returns the number of holds lowered.
CREATE OR REPLACE FUNCTION cart_trim_to_limits(p_cart text, p_user text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_n int := 0;
BEGIN
  FOR r IN
    SELECT h.id AS hold_id, h.quantity AS held, h."inventoryItemId" AS item, a.allowed
    FROM cart_line_allowances(p_cart, p_user) a
    JOIN "Hold" h ON h."cartId" = p_cart AND h."variantId" = a.variant_id AND h.status = 'ACTIVE' AND h."orderId" IS NULL
    WHERE h.quantity > a.allowed
    ORDER BY h."inventoryItemId", h.id
  LOOP
    IF r.allowed = 0 THEN
      PERFORM inv_end_hold(r.hold_id, 'RELEASED', 'SYSTEM', NULL, NULL, 'over the line''s limit', p_now);
    ELSE
      PERFORM inv_move_reserved(r.item, r.allowed - r.held, r.hold_id, NULL, 'SYSTEM', NULL, NULL, 'over the line''s limit', p_now);
      UPDATE "Hold" SET quantity = r.allowed, "updatedAt" = p_now WHERE id = r.hold_id;
    END IF;
    v_n := v_n + 1;
  END LOOP;
  RETURN v_n;
END;
$$;
