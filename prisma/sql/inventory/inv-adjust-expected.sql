-- inv_adjust with a compare-and-set guard (an ERP that read a count before a sale never overwrites
-- the sale): under the item's row lock, the stock must still be p_expected, else STOCK_CHANGED
-- with the current stock. code: OK | NOT_FOUND | STOCK_BELOW_RESERVED | STOCK_CHANGED
CREATE OR REPLACE FUNCTION inv_adjust_expected(
  p_item text, p_expected int, p_stock int, p_adjust int, p_threshold int, p_set_threshold boolean,
  p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3),
  OUT code text, OUT stock_after int, OUT reserved_after int
) LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT stock, reserved INTO stock_after, reserved_after FROM "InventoryItem" WHERE id = p_item FOR UPDATE;
  IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;
  IF stock_after <> p_expected THEN code := 'STOCK_CHANGED'; RETURN; END IF;
  SELECT * INTO r FROM inv_adjust(p_item, p_stock, p_adjust, p_threshold, p_set_threshold,
    p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
  code := r.code;
  stock_after := r.stock_after;
  reserved_after := r.reserved_after;
END;
$$;
