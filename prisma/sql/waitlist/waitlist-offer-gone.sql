-- Why a waitlist offer can no longer be claimed, or NULL while it can (waitlist_claim asks twice:
-- before refusing a listing that can no longer be sold, and before moving the hold into a cart).
-- The caller has locked the offer hold p_hold. CLAIMED or EXPIRED when the hold was already moved
-- or ended (by the entry's status); EXPIRED when it lapsed but was not yet swept, ending it here so
-- its units pass to the next entry (the triggers).
CREATE OR REPLACE FUNCTION waitlist_offer_gone(p_entry text, p_hold text, p_now timestamp(3))
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  h record;
BEGIN
  SELECT x.status, x."cartId", x."expiresAt" INTO h FROM "Hold" x WHERE x.id = p_hold;
  IF h.status <> 'ACTIVE' OR h."cartId" IS NOT NULL THEN
    RETURN CASE WHEN (SELECT w.status FROM "WaitlistEntry" w WHERE w.id = p_entry) = 'CLAIMED' THEN 'CLAIMED' ELSE 'EXPIRED' END;
  END IF;
  IF h."expiresAt" <= p_now THEN
    PERFORM inv_end_hold(p_hold, 'EXPIRED', 'SYSTEM', NULL, NULL, 'hold lapsed', p_now);
    RETURN 'EXPIRED';
  END IF;
  RETURN NULL;
END;
$$;
