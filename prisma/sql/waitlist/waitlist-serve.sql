-- The waitlist's hand-off (docs/waitlist.md): offers an item's free units (stock - reserved) to its
-- oldest WAITING entries, each an OFFER hold of its own (no cart; the store's offerTtlSeconds) with
-- its HOLD ledger row, the entry OFFERED and its mail in the outbox (WaitlistMail), all in the
-- caller's transaction. Called by the ledger trigger (waitlist_on_ledger) whenever a movement makes
-- units free, and after a shopper joins. Lock order: the item (already locked by whoever moved its
-- counter), then the entries. An entry gets min(its quantity, the free units, what the drop's
-- per-customer limit leaves the shopper); an entry whose listing cannot be sold now (a drop before its
-- release, an ended or archived product, an archived variant, a reseller's listing whose supplier
-- grant was revoked: the cart's own test, as cart_set_line and cart_fix apply it) keeps its place and
-- is passed over. The limit counts what the claim would count: the shopper's live orders and cart
-- lines of the product (an account's cart; a guest's by the entry's guestTokenHash) and their other
-- live offers on it. An entry whose limit is used up by orders and cart lines is CANCELLED; one that
-- only the shopper's other live offers leave no room keeps its place (those offers may lapse).
-- Returns the number of offers made.
CREATE OR REPLACE FUNCTION waitlist_serve(p_item text, p_now timestamp(3)) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_free int;
  v_offers int := 0;
  e record;
  v_qty int;
  v_have int;
  v_offered int;
  v_hold text;
  v_stock int;
  v_reserved int;
BEGIN
  -- The common case (nobody waiting) costs one probe of an index that is usually empty.
  IF NOT EXISTS (SELECT 1 FROM "WaitlistEntry" w WHERE w."inventoryItemId" = p_item AND w.status = 'WAITING') THEN
    RETURN 0;
  END IF;
  SELECT i.stock - i.reserved INTO v_free FROM "InventoryItem" i WHERE i.id = p_item FOR UPDATE;
  IF v_free IS NULL OR v_free <= 0 THEN RETURN 0; END IF;
  FOR e IN
    SELECT w.id, w."storeId", w."variantId", w."userId", w."guestTokenHash", w.email, w.quantity,
      p.id AS product_id, p."perCustomerLimit" AS limit_value,
      (catalog_sale_state(p, p_now) = 'ON_SALE' AND (SELECT ls.listed FROM catalog_listed(v, i, w."storeId") ls)) AS sellable,
      s."offerTtlSeconds" AS ttl
    FROM "WaitlistEntry" w
    JOIN "Variant" v ON v.id = w."variantId"
    JOIN "Product" p ON p.id = v."productId"
    JOIN "InventoryItem" i ON i.id = w."inventoryItemId"
    JOIN "Store" s ON s.id = w."storeId"
    WHERE w."inventoryItemId" = p_item AND w.status = 'WAITING'
    ORDER BY w.seq
    FOR UPDATE OF w
  LOOP
    EXIT WHEN v_free <= 0;
    CONTINUE WHEN NOT e.sellable;
    v_qty := LEAST(e.quantity, v_free);
    IF e.limit_value IS NOT NULL THEN
      v_have := 0;
      v_offered := 0;
      -- Two serves of different items (the sweep's shares run side by side) could each offer the
      -- same shopper the same product without seeing the other's offer: one at a time per shopper
      -- and product. Never waited for (this runs under an item's lock, so waiting could deadlock):
      -- while another transaction has it, the entry keeps its place and a later pass serves it.
      IF (e."userId" IS NOT NULL OR e."guestTokenHash" IS NOT NULL) AND NOT pg_try_advisory_xact_lock(
        hashtextextended('shop.waitlist.limit:' || e.product_id || ':' || COALESCE(e."userId", 'guest:' || e."guestTokenHash"), 0)) THEN
        CONTINUE;
      END IF;
      IF e."userId" IS NOT NULL THEN
        -- What the shopper already has of the product: live orders and their cart's lines; then
        -- their other live offers on it (another variant's line, or another listing of it). One
        -- statement, one snapshot: a claim moving an offer into the cart is counted once.
        SELECT COALESCE((
            SELECT sum(ol.quantity) FROM "Order" o JOIN "OrderLine" ol ON ol."orderId" = o.id JOIN "Variant" ov ON ov.id = ol."variantId"
            WHERE o."userId" = e."userId" AND o."storeId" = e."storeId" AND o.status <> 'CANCELLED' AND ov."productId" = e.product_id), 0)
          + COALESCE((
            SELECT sum(l.quantity) FROM "Cart" c JOIN "CartLine" l ON l."cartId" = c.id JOIN "Variant" lv ON lv.id = l."variantId"
            WHERE c."userId" = e."userId" AND c."storeId" = e."storeId" AND c.status = 'ACTIVE' AND lv."productId" = e.product_id), 0),
          COALESCE((
            SELECT sum(ow."offeredQuantity") FROM "WaitlistEntry" ow JOIN "Variant" wv ON wv.id = ow."variantId"
            WHERE ow."userId" = e."userId" AND ow."storeId" = e."storeId" AND ow.id <> e.id AND ow.status = 'OFFERED'
              AND ow."offerExpiresAt" > p_now AND wv."productId" = e.product_id), 0)
        INTO v_have, v_offered;
      ELSIF e."guestTokenHash" IS NOT NULL THEN
        -- A guest: the lines of the guest cart this browser's cookie names (the claim's cart), and
        -- the offers made to entries joined from that browser.
        SELECT COALESCE((
            SELECT sum(l.quantity) FROM "Cart" c JOIN "CartLine" l ON l."cartId" = c.id JOIN "Variant" lv ON lv.id = l."variantId"
            WHERE c."tokenHash" = e."guestTokenHash" AND c."userId" IS NULL AND c."storeId" = e."storeId" AND c.status = 'ACTIVE'
              AND lv."productId" = e.product_id), 0),
          COALESCE((
            SELECT sum(ow."offeredQuantity") FROM "WaitlistEntry" ow JOIN "Variant" wv ON wv.id = ow."variantId"
            WHERE ow."guestTokenHash" = e."guestTokenHash" AND ow."userId" IS NULL AND ow."storeId" = e."storeId" AND ow.id <> e.id
              AND ow.status = 'OFFERED' AND ow."offerExpiresAt" > p_now AND wv."productId" = e.product_id), 0)
        INTO v_have, v_offered;
      END IF;
      IF e.limit_value - v_have <= 0 THEN
        UPDATE "WaitlistEntry" SET status = 'CANCELLED', "endedAt" = p_now, "endReason" = 'per-customer limit reached', "updatedAt" = p_now
        WHERE id = e.id;
        CONTINUE;
      END IF;
      v_qty := LEAST(v_qty, e.limit_value - v_have - v_offered);
      -- Only the shopper's own live offers leave no room: the entry keeps its place.
      CONTINUE WHEN v_qty <= 0;
    END IF;
    v_hold := gen_random_uuid()::text;
    UPDATE "InventoryItem" i SET reserved = i.reserved + v_qty, "updatedAt" = p_now
    WHERE i.id = p_item AND i.stock - i.reserved >= v_qty
    RETURNING i.stock, i.reserved INTO v_stock, v_reserved;
    EXIT WHEN NOT FOUND;
    INSERT INTO "Hold" (id, "storeId", "inventoryItemId", "variantId", "cartId", quantity, kind, status, "expiresAt", "createdAt", "updatedAt")
    VALUES (v_hold, e."storeId", p_item, e."variantId", NULL, v_qty, 'OFFER', 'ACTIVE', p_now + make_interval(secs => e.ttl), p_now, p_now);
    PERFORM inv_ledger(p_item, 'HOLD', 0, v_qty, v_stock, v_reserved, v_hold, NULL,
      'SYSTEM', e.id, 'waitlist', 'waitlist offer', p_now);
    UPDATE "WaitlistEntry" SET status = 'OFFERED', "offerHoldId" = v_hold, "offeredQuantity" = v_qty, "offeredAt" = p_now,
      "offerExpiresAt" = p_now + make_interval(secs => e.ttl), "updatedAt" = p_now
    WHERE id = e.id;
    INSERT INTO "WaitlistMail" (id, "entryId", "toEmail", status, attempts, "nextAttemptAt", "createdAt")
    VALUES (gen_random_uuid()::text, e.id, e.email, 'PENDING', 0, p_now, p_now)
    ON CONFLICT ("entryId") DO NOTHING;
    v_free := v_stock - v_reserved;
    v_offers := v_offers + 1;
  END LOOP;
  RETURN v_offers;
END;
$$;
