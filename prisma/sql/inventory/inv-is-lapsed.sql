-- The one definition of a lapsed hold: a cart hold (no order) still ACTIVE whose time is up. Its
-- units are free again for everyone the moment it lapses, swept or not (DESIGN.md). Every query
-- that asks "lapsed?" — the engine's functions and the TypeScript's raw queries — calls this.
-- Plain `LANGUAGE sql` and IMMUTABLE, so the planner inlines it: `inv_is_lapsed(h, now)` becomes
-- the three column tests and keeps the "Hold" indexes' plans (a function the planner cannot
-- see through would hide "expiresAt" from "Hold_active_by_expiry").
CREATE OR REPLACE FUNCTION inv_is_lapsed(h "Hold", p_now timestamp(3)) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT h.status = 'ACTIVE' AND h."orderId" IS NULL AND h."expiresAt" <= p_now
$$;
