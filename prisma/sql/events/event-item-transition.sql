-- Appends an item's crossing event (inventory.out_of_stock, back_in_stock, low_stock) with the
-- figures at the crossing, in the transaction of the change, and moves the item's open
-- inventory.changed after it, so per item the feed keeps the order of the changes: what came before
-- the crossing is in the crossing's figures, what comes after is in the inventory.changed that
-- follows it. Called by the item's triggers with its row locked (the change holds it).
CREATE OR REPLACE FUNCTION event_item_transition(
  p_store text, p_item text, p_type text, p_stock int, p_reserved int, p_threshold int, p_at timestamp(3)
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "Event" WHERE "inventoryItemId" = p_item AND seq IS NULL AND coalescing;
  INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, threshold, data, "createdAt", "updatedAt")
  VALUES (p_store, p_type, 'sku:' || p_item, p_item, false, p_threshold,
    jsonb_build_object('stock', p_stock, 'reserved', p_reserved, 'available', p_stock - p_reserved), p_at, p_at);
  INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, data, "createdAt", "updatedAt")
  VALUES (p_store, 'inventory.changed', 'sku:' || p_item, p_item, true, '{}'::jsonb, p_at, p_at);
END;
$$;
