-- The outbox's inventory.changed (docs/events.md), coalesced per item at no cost to a hot item's
-- holds. A BEFORE UPDATE OF stock, reserved trigger on "InventoryItem" whose WHEN clause lets it
-- run only when the item has no unpublished inventory.changed ("eventOpen" false): the first change
-- after a publication sets the flag on the row being written and appends one open event, in the
-- change's own transaction; every later change until the next publication costs only the WHEN
-- test. The open event carries no figures: the publisher (event_publish) fills in the item's
-- figures as they are when it publishes — the latest committed ones — under the item's row lock,
-- then clears the flag, so the next change opens a new one.
CREATE OR REPLACE FUNCTION event_open_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."eventOpen" := true;
  INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, data, "createdAt", "updatedAt")
  VALUES (NEW."storeId", 'inventory.changed', 'sku:' || NEW.id, NEW.id, true, '{}'::jsonb, NEW."updatedAt", NEW."updatedAt");
  RETURN NEW;
END;
$$;
