-- The outbox's inventory events (docs/events.md), from the stock ledger: every change of an item's
-- stock or reserved writes one "StockMovement" row in its transaction, and this trigger (AFTER
-- INSERT on "StockMovement") appends the events in that same transaction. A rolled-back change
-- leaves no event; a committed one always has its event.
--   inventory.changed: coalesced per item. While the item's last inventory.changed is unpublished
--     (seq IS NULL AND coalescing), it is updated in place with the latest figures: a hot item's
--     holds add one row version each (a HOT update of one row their item lock already serialises),
--     never a queue of events. The publisher (event_publish) closes it; the next change opens another.
--   inventory.out_of_stock / back_in_stock / low_stock: when availability (stock - reserved) crosses
--     0 or the threshold. The crossing carries the same figures as an inventory.changed, so it
--     replaces the item's open one (coalesced into it) and a new open inventory.changed follows it:
--     per item the order is the order of the changes, and never more than one inventory.changed of
--     an item is unpublished.
-- The figures carry no SKU or state: the publisher adds them (the SKU never changes; the state is
-- the one the figures give with the threshold at publication).
CREATE OR REPLACE FUNCTION event_on_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_after int := NEW."stockAfter" - NEW."reservedAfter";
  v_before int := (NEW."stockAfter" - NEW."stockDelta") - (NEW."reservedAfter" - NEW."reservedDelta");
  v_key text := 'sku:' || NEW."inventoryItemId";
  v_type text;
  v_threshold int;
  v_data jsonb;
BEGIN
  IF NEW."stockDelta" = 0 AND NEW."reservedDelta" = 0 THEN
    RETURN NULL;
  END IF;
  IF v_before > 0 AND v_after <= 0 THEN
    v_type := 'inventory.out_of_stock';
  ELSIF v_before <= 0 AND v_after > 0 THEN
    v_type := 'inventory.back_in_stock';
  ELSIF v_after < v_before THEN
    SELECT COALESCE(i."lowStockThreshold", s."lowStockDefault") INTO v_threshold
    FROM "InventoryItem" i JOIN "Store" s ON s.id = i."storeId"
    WHERE i.id = NEW."inventoryItemId";
    IF v_threshold IS NOT NULL AND v_before > v_threshold AND v_after <= v_threshold THEN
      v_type := 'inventory.low_stock';
    END IF;
  END IF;
  v_data := jsonb_build_object('stock', NEW."stockAfter", 'reserved', NEW."reservedAfter", 'available', v_after,
    'cause', lower(NEW.kind::text));
  IF v_type IS NOT NULL THEN
    DELETE FROM "Event" WHERE "inventoryItemId" = NEW."inventoryItemId" AND seq IS NULL AND coalescing;
    INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, data, "createdAt", "updatedAt")
    VALUES (NEW."storeId", v_type, v_key, NEW."inventoryItemId", false, v_data, NEW."createdAt", NEW."createdAt");
  END IF;
  INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, data, "createdAt", "updatedAt")
  VALUES (NEW."storeId", 'inventory.changed', v_key, NEW."inventoryItemId", true, v_data, NEW."createdAt", NEW."createdAt")
  ON CONFLICT ("inventoryItemId") WHERE seq IS NULL AND coalescing
  DO UPDATE SET data = EXCLUDED.data, "updatedAt" = EXCLUDED."updatedAt";
  RETURN NULL;
END;
$$;
