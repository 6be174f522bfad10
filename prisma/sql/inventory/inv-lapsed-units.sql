-- Units in one item's lapsed holds (inv_is_lapsed): what availability adds back to
-- stock - reserved until the sweep or a reclaim expires them. Always one row (0 when none).
-- A set-returning `LANGUAGE sql` STABLE function so the planner inlines it as a subquery: call it
-- as `LEFT JOIN LATERAL inv_lapsed_units(i.id, now) l ON true` or `(SELECT units FROM
-- inv_lapsed_units(i.id, now))`; the plan is the hand-written sum's ("Hold_active_by_item").
CREATE OR REPLACE FUNCTION inv_lapsed_units(p_item text, p_now timestamp(3)) RETURNS TABLE (units int)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT COALESCE(sum(h.quantity), 0)::int FROM "Hold" h
  WHERE h."inventoryItemId" = p_item AND inv_is_lapsed(h, p_now)
$$;
