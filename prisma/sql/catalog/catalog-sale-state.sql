-- The one definition of "on sale now": a product is sold while it is ACTIVE, released (no releaseAt,
-- or releaseAt has come) and not ended (no endsAt, or endsAt is still ahead). Returns the cart's own
-- words: 'ON_SALE', else why not — 'NOT_AVAILABLE' (draft, archived or ended) before 'NOT_RELEASED'
-- (not yet released). Every query that asks "can this product be sold at p_now?" — the cart's writes
-- (and the sold-out fast path), fix and extend, checkout, the waitlist's serve and claim — calls it,
-- beside catalog_listed (can this store sell the variant at all?).
-- A scalar `LANGUAGE sql` IMMUTABLE function with no sub-select, so the planner inlines it: the CASE
-- lands in the caller's plan on the product's own columns (hot-path.db.test.ts shows it).
CREATE OR REPLACE FUNCTION catalog_sale_state(p "Product", p_now timestamp(3)) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p.status <> 'ACTIVE' OR (p."endsAt" IS NOT NULL AND p."endsAt" <= p_now) THEN 'NOT_AVAILABLE'
    WHEN p."releaseAt" IS NOT NULL AND p."releaseAt" > p_now THEN 'NOT_RELEASED'
    ELSE 'ON_SALE'
  END
$$;
