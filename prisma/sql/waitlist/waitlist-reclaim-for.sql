-- After a refused add (INSUFFICIENT_STOCK): cart_write_line rolls a refused write back whole, so the
-- lapsed holds it reclaimed — and the waitlist offers their units made — are undone with it. When
-- the variant's item has a line waiting and lapsed holds, this reclaims them on their own (the
-- ledger trigger then offers the units to the line). One probe of an empty partial index when
-- nobody waits. Returns the units reclaimed.
CREATE OR REPLACE FUNCTION waitlist_reclaim_for(p_variant text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_item text;
BEGIN
  SELECT v."inventoryItemId" INTO v_item FROM "Variant" v WHERE v.id = p_variant;
  IF v_item IS NULL OR NOT EXISTS (SELECT 1 FROM "WaitlistEntry" w WHERE w."inventoryItemId" = v_item AND w.status = 'WAITING') THEN
    RETURN 0;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM "Hold" h
    WHERE h."inventoryItemId" = v_item AND inv_is_lapsed(h, p_now)
  ) THEN
    RETURN 0;
  END IF;
  PERFORM 1 FROM "InventoryItem" i WHERE i.id = v_item FOR UPDATE;
  RETURN inv_reclaim_lapsed(v_item, p_now);
END;
$$;
