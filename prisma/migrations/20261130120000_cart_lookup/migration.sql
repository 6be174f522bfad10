-- Guest carts are found by their unique token hash, and only by it. "Cart_storeId_userId_status_idx"
-- (storeId, userId, status) also indexed every guest cart under (store, NULL, ACTIVE); without table
-- statistics (a fresh deployment, a drop's first minutes, a server with autovacuum off) the planner
-- chose it for the guest lookup "tokenHash = $1 AND storeId = $2 AND status = 'ACTIVE' AND userId IS
-- NULL" and walked every guest cart of the store on each add to cart (2.7 ms per add at ten thousand
-- carts, growing with them; found by the benchmark). A signed-in shopper's active cart has the unique
-- "Cart_one_active_per_user" (storeId, userId); the remaining use of the old index, the user foreign
-- key's ON DELETE SET NULL, gets a partial index that guest carts never enter (one index fewer
-- written per new guest cart).
DROP INDEX "Cart_storeId_userId_status_idx";
CREATE INDEX "Cart_by_user" ON "Cart" ("userId") WHERE "userId" IS NOT NULL;
