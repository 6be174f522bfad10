-- Two of the Hold table's indexes go (issue 6, the sweep: 100,000 lapsed holds in ≤ 1.5 s). Every
-- write of a hold (taken, ended, sold, expired: none of them can be a HOT update, status is indexed)
-- paid an entry in each; no query reads them:
--   * "Hold_cartId_idx" (cartId): every lookup of a cart's holds asks for its ACTIVE cart holds
--     (cart_set_line, cart_view, cart_fix, cart_merge, order_checkout), which the partial unique
--     index "Hold_one_active_per_cart_variant" (cartId, variantId) serves. Carts are never deleted,
--     so the foreign key's ON DELETE SET NULL needs no index either. (A cart purge, if one is ever
--     built, must bring an index back or detach the carts' holds by id first: without one, each
--     deleted cart makes PostgreSQL scan the Hold table.)
--   * "Hold_storeId_status_idx" (storeId, status): the one store-scoped read of holds, the
--     dashboard's reservations, filters by the listing store OR the item's owner, which this index
--     cannot serve (its plan walks "Hold_active_by_expiry" for active holds, as before).
-- Measured (the cleanup job's sweep of 100,000 lapsed holds over 1,000 items, paired runs on the
-- same machine): 12 % faster with both gone.
DROP INDEX "Hold_cartId_idx";
DROP INDEX "Hold_storeId_status_idx";
