CREATE OR REPLACE FUNCTION inv_keep_ledger_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'InventoryItem' AND EXISTS (SELECT 1 FROM "StockMovement" m WHERE m."inventoryItemId" = OLD.id) THEN
    RAISE EXCEPTION 'inventory item % has stock history and cannot be deleted', OLD.id USING ERRCODE = '23503';
  END IF;
  IF TG_TABLE_NAME = 'Store' AND EXISTS (SELECT 1 FROM "StockMovement" m WHERE m."storeId" = OLD.id) THEN
    RAISE EXCEPTION 'store % has stock history and cannot be deleted', OLD.id USING ERRCODE = '23503';
  END IF;
  RETURN OLD;
END;
$$;
