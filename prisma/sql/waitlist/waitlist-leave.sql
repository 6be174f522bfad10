-- A shopper leaves the line (docs/waitlist.md): their entry (by account, else by the guest cookie's
-- hash) becomes CANCELLED; a live offer's hold is released first, so its units pass to the next
-- entry (the triggers). Lock order: the offer hold and the item, then the entry (as the engine's
-- hand-off takes them); the entry's status is re-read after each step, since an offer or a claim
-- may land in between. code: OK | NOT_FOUND; status: the entry's status after the call.
CREATE OR REPLACE FUNCTION waitlist_leave(
  p_store text, p_entry text, p_user text, p_token_hash text, p_now timestamp(3),
  OUT code text, OUT status "WaitlistStatus"
) LANGUAGE plpgsql AS $$
DECLARE
  e record;
BEGIN
  code := 'OK';
  FOR attempt IN 1..3 LOOP
    SELECT w.status, w."offerHoldId" INTO e FROM "WaitlistEntry" w
    WHERE w.id = p_entry AND w."storeId" = p_store
      AND ((p_user IS NOT NULL AND w."userId" = p_user) OR (p_token_hash IS NOT NULL AND w."guestTokenHash" = p_token_hash));
    IF NOT FOUND THEN code := 'NOT_FOUND'; RETURN; END IF;
    status := e.status;
    IF e.status = 'WAITING' THEN
      UPDATE "WaitlistEntry" w SET status = 'CANCELLED', "endedAt" = p_now, "endReason" = 'left the line', "updatedAt" = p_now
      WHERE w.id = p_entry AND w.status = 'WAITING';
      IF FOUND THEN status := 'CANCELLED'; RETURN; END IF;
    ELSIF e.status = 'OFFERED' THEN
      -- Only an unclaimed offer (no cart yet) is released; a claimed one is the cart's now.
      PERFORM 1 FROM "Hold" h WHERE h.id = e."offerHoldId" AND h.status = 'ACTIVE' AND h."cartId" IS NULL FOR UPDATE;
      IF FOUND THEN
        PERFORM inv_end_hold(e."offerHoldId", 'RELEASED', 'SHOPPER', p_entry, 'waitlist', 'left the waitlist', p_now);
      END IF;
      UPDATE "WaitlistEntry" w SET status = 'CANCELLED', "endedAt" = p_now, "endReason" = 'left the line', "updatedAt" = p_now
      WHERE w.id = p_entry AND w.status IN ('OFFERED', 'LAPSED') AND w."offerHoldId" = e."offerHoldId"
        AND NOT EXISTS (SELECT 1 FROM "Hold" h WHERE h.id = e."offerHoldId" AND h.status = 'ACTIVE');
      IF FOUND THEN status := 'CANCELLED'; RETURN; END IF;
    ELSE
      RETURN;
    END IF;
  END LOOP;
  SELECT w.status INTO status FROM "WaitlistEntry" w WHERE w.id = p_entry;
END;
$$;
