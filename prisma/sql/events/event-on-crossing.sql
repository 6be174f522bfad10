-- inventory.out_of_stock / inventory.back_in_stock: an AFTER UPDATE OF stock, reserved trigger on
-- "InventoryItem" whose WHEN clause runs it only when availability (stock - reserved) crosses 0.
-- (inventory.low_stock comes from inv_record_low_stock, which already judges the threshold.)
CREATE OR REPLACE FUNCTION event_on_crossing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM event_item_transition(NEW."storeId", NEW.id,
    CASE WHEN NEW.stock - NEW.reserved > 0 THEN 'inventory.back_in_stock' ELSE 'inventory.out_of_stock' END,
    NEW.stock, NEW.reserved, NULL, NEW."updatedAt");
  RETURN NULL;
END;
$$;
