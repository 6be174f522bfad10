-- Trigger function of "StockMovement_waitlist" (AFTER INSERT, FOR EACH ROW WHEN
-- stockDelta - reservedDelta > 0): a ledger row that makes units free (a release, an expiry — lazy
-- reclaim or sweep —, a cancelled order's units, stock raised by an admin, an import or an ERP, a
-- repair) hands them to the item's waitlist before anything else in the transaction can take them.
-- Every counter change writes its ledger row after moving the counter, under the item's lock, so
-- the free units read here are the ones this movement returned; the offer's HOLD row follows the
-- release's row in the ledger. Holds (available only falls) never match the WHEN clause.
CREATE OR REPLACE FUNCTION waitlist_on_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM waitlist_serve(NEW."inventoryItemId", NEW."createdAt");
  RETURN NULL;
END;
$$;
