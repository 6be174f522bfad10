-- Claims a waitlist offer (docs/waitlist.md): the offer's hold moves into the claimer's cart (the
-- account's, else the guest cookie's, created when missing) with a fresh reservation TTL; the line
-- holds what was offered. If the cart already holds the variant, the offered units join that hold
-- (the offer hold is closed without moving the counter, with a RELEASE and a HOLD ledger row, as a
-- merge at sign-in does). The caller has checked the claim token's signature; p_hold is the hold it
-- names. Lock order: cart, holds, item, entry.
-- A listing that can no longer be sold (the product archived, ended or moved before its release, the
-- variant archived, a reseller's supplier grant revoked: cart_set_line's test) is not moved into a
-- cart: the offer hold is released (its entry LAPSED; its units pass on to the line as when any offer
-- ends) and the answer is the cart's refusal, NOT_AVAILABLE or NOT_RELEASED.
-- code: OK | NOT_FOUND | SIGN_IN | FORBIDDEN | CLAIMED | EXPIRED | LIMIT_EXCEEDED | NO_CART | NOT_AVAILABLE | NOT_RELEASED
CREATE OR REPLACE FUNCTION waitlist_claim(
  p_store text, p_entry text, p_hold text, p_user text, p_token_hash text, p_max_line int, p_now timestamp(3),
  OUT code text, OUT cart_id text, OUT limit_value int
) LANGUAGE plpgsql AS $$
DECLARE
  e record;
  h record;
  v_ttl int;
  v_line_qty int;
  v_others int;
  v_limit int;
  v_product text;
  v_existing record;
  v_stock int;
  v_reserved int;
  v_target int;
  v_final text;
  v_refusal text;
BEGIN
  SELECT w.* INTO e FROM "WaitlistEntry" w WHERE w.id = p_entry AND w."storeId" = p_store;
  IF NOT FOUND OR e."offerHoldId" IS DISTINCT FROM p_hold THEN code := 'NOT_FOUND'; RETURN; END IF;
  IF e."userId" IS NOT NULL AND p_user IS NULL THEN code := 'SIGN_IN'; RETURN; END IF;
  IF e."userId" IS NOT NULL AND e."userId" <> p_user THEN code := 'FORBIDDEN'; RETURN; END IF;
  IF e.status = 'CLAIMED' THEN code := 'CLAIMED'; RETURN; END IF;
  IF e.status <> 'OFFERED' THEN code := 'EXPIRED'; RETURN; END IF;
  IF p_user IS NULL AND p_token_hash IS NULL THEN code := 'NO_CART'; RETURN; END IF;

  -- Still sellable through this listing? If not, the offer ends here (no cart is touched: the hold,
  -- then its item, are the only locks taken) and the claim is refused as the cart refuses an add.
  SELECT CASE
      WHEN NOT (SELECT listed FROM catalog_listed(v, i, e."storeId")) THEN 'NOT_AVAILABLE'
      ELSE NULLIF(catalog_sale_state(p, p_now), 'ON_SALE')
    END INTO v_refusal
  FROM "Variant" v JOIN "Product" p ON p.id = v."productId" JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
  WHERE v.id = e."variantId";
  IF v_refusal IS NOT NULL THEN
    PERFORM 1 FROM "Hold" x WHERE x.id = p_hold FOR UPDATE;
    code := waitlist_offer_gone(p_entry, p_hold, p_now);
    IF code IS NOT NULL THEN RETURN; END IF;
    PERFORM inv_end_hold(p_hold, 'RELEASED', 'SYSTEM', NULL, NULL, 'no longer available', p_now);
    code := v_refusal;
    RETURN;
  END IF;

  SELECT s."reservationTtlSeconds" INTO v_ttl FROM "Store" s WHERE s.id = p_store;
  -- The claimer's cart, locked (created on first use, as a cart write does).
  IF p_user IS NULL THEN
    UPDATE "Cart" SET "tokenHash" = NULL, "updatedAt" = p_now WHERE "tokenHash" = p_token_hash AND status <> 'ACTIVE';
  END IF;
  FOR attempt IN 1..2 LOOP
    IF p_user IS NOT NULL THEN
      SELECT c.id INTO cart_id FROM "Cart" c WHERE c."storeId" = p_store AND c."userId" = p_user AND c.status = 'ACTIVE' FOR UPDATE;
    ELSE
      SELECT c.id INTO cart_id FROM "Cart" c
      WHERE c."storeId" = p_store AND c."tokenHash" = p_token_hash AND c.status = 'ACTIVE' AND c."userId" IS NULL FOR UPDATE;
    END IF;
    EXIT WHEN cart_id IS NOT NULL OR attempt = 2;
    INSERT INTO "Cart" (id, "storeId", "userId", "tokenHash", status, "createdAt", "updatedAt")
    VALUES (gen_random_uuid()::text, p_store, p_user, CASE WHEN p_user IS NULL THEN p_token_hash END, 'ACTIVE', p_now, p_now)
    ON CONFLICT DO NOTHING;
  END LOOP;
  IF cart_id IS NULL THEN code := 'NO_CART'; RETURN; END IF;

  -- The cart's own hold on the variant, then the offer hold (ids ordered), then the item.
  SELECT x.id, x.quantity, x."expiresAt" INTO v_existing FROM "Hold" x
  WHERE x."cartId" = cart_id AND x."variantId" = e."variantId" AND x.status = 'ACTIVE' AND x."orderId" IS NULL;
  PERFORM 1 FROM "Hold" x WHERE x.id IN (p_hold, v_existing.id) ORDER BY x.id FOR UPDATE;
  code := waitlist_offer_gone(p_entry, p_hold, p_now);
  IF code IS NOT NULL THEN RETURN; END IF;
  SELECT x.* INTO h FROM "Hold" x WHERE x.id = p_hold;
  IF v_existing.id IS NOT NULL AND v_existing."expiresAt" <= p_now THEN
    PERFORM inv_end_hold(v_existing.id, 'EXPIRED', 'SYSTEM', NULL, NULL, 'hold lapsed', p_now);
    -- (assigning NULL to a record leaves it unassigned, and reading its fields then fails: a row of nulls)
    SELECT NULL::text AS id, NULL::integer AS quantity, NULL::timestamp(3) AS "expiresAt" INTO v_existing;
  END IF;

  -- The line may hold at most p_max_line units and the drop's per-customer limit.
  v_target := h.quantity + COALESCE(v_existing.quantity, 0);
  SELECT p.id, p."perCustomerLimit" INTO v_product, v_limit FROM "Variant" v JOIN "Product" p ON p.id = v."productId" WHERE v.id = e."variantId";
  IF v_target > p_max_line THEN code := 'LIMIT_EXCEEDED'; limit_value := p_max_line; RETURN; END IF;
  IF v_limit IS NOT NULL THEN
    SELECT COALESCE(sum(l.quantity), 0) INTO v_others FROM "CartLine" l JOIN "Variant" v ON v.id = l."variantId"
    WHERE l."cartId" = cart_id AND v."productId" = v_product AND l."variantId" <> e."variantId";
    IF p_user IS NOT NULL THEN
      v_others := v_others + COALESCE((
        SELECT sum(ol.quantity) FROM "Order" o JOIN "OrderLine" ol ON ol."orderId" = o.id JOIN "Variant" v ON v.id = ol."variantId"
        WHERE o."userId" = p_user AND o."storeId" = p_store AND o.status <> 'CANCELLED' AND v."productId" = v_product), 0);
    END IF;
    IF v_others + v_target > v_limit THEN code := 'LIMIT_EXCEEDED'; limit_value := v_limit; RETURN; END IF;
  END IF;

  -- The entry is CLAIMED before the offer hold changes, so the offer-ended trigger leaves it alone.
  UPDATE "WaitlistEntry" SET status = 'CLAIMED', "claimedAt" = p_now, "updatedAt" = p_now WHERE id = p_entry AND status = 'OFFERED';
  IF NOT FOUND THEN code := 'CLAIMED'; RETURN; END IF;
  IF v_existing.id IS NULL THEN
    UPDATE "Hold" SET "cartId" = cart_id, "expiresAt" = p_now + make_interval(secs => v_ttl), "updatedAt" = p_now WHERE id = p_hold;
    v_final := p_hold;
  ELSE
    UPDATE "Hold" SET "cartId" = cart_id, status = 'RELEASED', "endedAt" = p_now, "updatedAt" = p_now WHERE id = p_hold;
    UPDATE "Hold" SET quantity = v_target, "expiresAt" = p_now + make_interval(secs => v_ttl), "updatedAt" = p_now WHERE id = v_existing.id;
    SELECT i.stock, i.reserved INTO v_stock, v_reserved FROM "InventoryItem" i WHERE i.id = h."inventoryItemId" FOR UPDATE;
    PERFORM inv_ledger(h."inventoryItemId", 'RELEASE', 0, -h.quantity, v_stock, v_reserved - h.quantity, p_hold, NULL,
      'SHOPPER', cart_id, 'waitlist', 'waitlist claim: joined the cart''s hold', p_now);
    PERFORM inv_ledger(h."inventoryItemId", 'HOLD', 0, h.quantity, v_stock, v_reserved, v_existing.id, NULL,
      'SHOPPER', cart_id, 'waitlist', 'waitlist claim', p_now);
    v_final := v_existing.id;
  END IF;
  UPDATE "WaitlistEntry" SET "claimHoldId" = v_final WHERE id = p_entry;
  INSERT INTO "CartLine" (id, "cartId", "variantId", quantity, "createdAt")
  VALUES (gen_random_uuid()::text, cart_id, e."variantId", v_target, p_now)
  ON CONFLICT ("cartId", "variantId") DO UPDATE SET quantity = EXCLUDED.quantity;
  UPDATE "Cart" SET "updatedAt" = p_now WHERE id = cart_id;
  code := 'OK';
END;
$$;
