-- The one definition of a listed variant: store p_store sells variant v (its item i) only while
-- the variant is not archived and the item is the store's own or its supplier's grant to the store
-- is live (not revoked). Every query that asks "can this store sell this variant at all?" — the
-- cart's writes, fix and extend, the waitlist's serve, claim and join — calls this; whether the
-- product is on sale now (status, release, end) is asked beside it (catalog_sale_state).
-- A set-returning `LANGUAGE sql` STABLE function so the planner inlines it (a scalar SQL function
-- with a sub-select is never inlined): call it as `(SELECT listed FROM catalog_listed(v, i, s))`;
-- the plan is the hand-written test's (the grant's unique index, read only for another store's item).
CREATE OR REPLACE FUNCTION catalog_listed(v "Variant", i "InventoryItem", p_store text) RETURNS TABLE (listed boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT v."archivedAt" IS NULL AND (i."storeId" = p_store OR EXISTS (
    SELECT 1 FROM "SupplierGrant" g
    WHERE g."supplierStoreId" = i."storeId" AND g."resellerStoreId" = p_store AND g."revokedAt" IS NULL))
$$;
