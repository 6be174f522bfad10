-- Low-stock alerts: when an item's availability (stock - reserved) crosses its threshold downward,
-- one LowStockAlert row is recorded (at most one per item per hour, so holds that come and go
-- around the threshold do not flood the channel). Delivery is the jobs' work. Every crossing that
-- leaves units available also appends an inventory.low_stock event to the outbox (docs/events.md;
-- reaching 0 is inventory.out_of_stock, from event_on_crossing).
CREATE OR REPLACE FUNCTION inv_record_low_stock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_threshold int;
  v_before int := OLD.stock - OLD.reserved;
  v_after int := NEW.stock - NEW.reserved;
BEGIN
  v_threshold := NEW."lowStockThreshold";
  IF v_threshold IS NULL THEN
    SELECT s."lowStockDefault" INTO v_threshold FROM "Store" s WHERE s.id = NEW."storeId";
  END IF;
  IF v_threshold IS NULL OR NOT (v_before > v_threshold AND v_after <= v_threshold) THEN
    RETURN NULL;
  END IF;
  IF v_after > 0 THEN
    PERFORM event_item_transition(NEW."storeId", NEW.id, 'inventory.low_stock', NEW.stock, NEW.reserved, v_threshold, NEW."updatedAt");
  END IF;
  IF EXISTS (SELECT 1 FROM "LowStockAlert" a WHERE a."inventoryItemId" = NEW.id AND a."createdAt" > NEW."updatedAt" - interval '1 hour') THEN
    RETURN NULL;
  END IF;
  INSERT INTO "LowStockAlert" (id, "storeId", "inventoryItemId", available, threshold, "createdAt")
  VALUES (gen_random_uuid()::text, NEW."storeId", NEW.id, v_after, v_threshold, NEW."updatedAt");
  RETURN NULL;
END;
$$;
