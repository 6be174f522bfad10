-- Trigger function of "Hold_waitlist_offer_ended" (AFTER UPDATE OF status, WHEN an OFFER hold with
-- no cart leaves ACTIVE): the offer lapsed (reclaimed lazily, swept) or was released, so its entry
-- is LAPSED. Its units come back through the same counter change and ledger row, whose trigger
-- passes them to the next WAITING entry (or, with nobody waiting, to everyone).
CREATE OR REPLACE FUNCTION waitlist_on_offer_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "WaitlistEntry" SET status = 'LAPSED', "endedAt" = NEW."updatedAt",
    "endReason" = CASE WHEN NEW.status = 'EXPIRED' THEN 'offer lapsed' ELSE 'offer released' END, "updatedAt" = NEW."updatedAt"
  WHERE "offerHoldId" = NEW.id AND status = 'OFFERED';
  RETURN NULL;
END;
$$;
