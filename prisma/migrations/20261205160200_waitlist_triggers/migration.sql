-- The waitlist's hand-off is wired to the ledger, not to the engine's functions (docs/waitlist.md):
-- every path that frees units writes a ledger row with stockDelta - reservedDelta > 0 right after
-- moving the counter under the item's lock (release, expire — lazy reclaim and sweep —, cart
-- shrink/clear, a cancelled order's release, stock raised by an admin, bulk import or ERP, repair),
-- so one AFTER INSERT trigger sees them all. A hold's row (reservedDelta > 0) and a sale's row
-- (both deltas equal) fail the WHEN clause in the executor, without calling any function: the hot
-- path pays nothing.
CREATE TRIGGER "StockMovement_waitlist"
  AFTER INSERT ON "StockMovement"
  FOR EACH ROW WHEN (NEW."stockDelta" - NEW."reservedDelta" > 0)
  EXECUTE FUNCTION waitlist_on_ledger();

-- An offer hold (no cart) that leaves ACTIVE (lapsed, reclaimed, swept, released): its entry LAPSES.
CREATE TRIGGER "Hold_waitlist_offer_ended"
  AFTER UPDATE OF status ON "Hold"
  FOR EACH ROW WHEN (OLD.status = 'ACTIVE' AND NEW.status <> 'ACTIVE' AND NEW.kind = 'OFFER' AND NEW."cartId" IS NULL)
  EXECUTE FUNCTION waitlist_on_offer_end();
