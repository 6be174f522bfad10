-- Coalesced holds (lib/cart/hold-coalescer.ts): a batch of add-to-cart / set-line requests for ONE
-- variant, from any carts, in one statement — one round trip, one lock of the item's row, one
-- commit. Request i is (p_users[i], p_token_hashes[i], p_modes[i], p_quantities[i]); each is
-- applied in array order by cart_write_line_view itself, so every guard is the same code as the
-- one-request path (a refusal rolls back only that request's own work and is returned as its
-- outcome; every hold writes its own ledger row). Returns request i's rows tagged req = i: its
-- outcome, and on OK its cart as cart_view shows it after its own write (all of cart_view's
-- columns, the per-customer limit's three included: the batch's rows are cart_write_line_view's).
-- Lock order (prisma/sql/README.md: Cart → Holds → InventoryItems): the batch's existing carts are
-- locked first, by id, then their active holds on this variant, by id, before the first request
-- touches the item, so a later request never waits for a cart or a hold while the item is locked.
-- An error (not a refusal) fails the whole statement: nothing of the batch is written.
CREATE OR REPLACE FUNCTION cart_write_lines_view(
  p_store text, p_variant text, p_users text[], p_token_hashes text[], p_modes text[], p_quantities int[],
  p_max_line int, p_now timestamp(3)
) RETURNS TABLE (
  req int, code text, available int, limit_value int, release_at timestamp(3), held int,
  slug text, currency text, "maxHoldExtensions" int, "cartId" text, "extensionsUsed" int,
  "variantId" text, quantity int, "productTitle" text, "variantTitle" text, "priceCents" int,
  status text, "releaseAt" timestamp(3), "endsAt" timestamp(3), stock int, reserved int, lapsed int,
  "holdQty" int, "holdExpiresAt" timestamp(3), "productId" text, "perCustomerLimit" int, "orderedUnits" int
) LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_n int := COALESCE(cardinality(p_modes), 0);
  v_carts text[];
BEGIN
  IF cardinality(p_users) IS DISTINCT FROM v_n OR cardinality(p_token_hashes) IS DISTINCT FROM v_n
     OR cardinality(p_quantities) IS DISTINCT FROM v_n THEN
    RAISE EXCEPTION 'cart_write_lines_view: the batch''s arrays differ in length' USING ERRCODE = '22023';
  END IF;
  IF v_n = 0 THEN RETURN; END IF;
  -- A batch of hold writes commits as one hold does (cart_write_line: without waiting for the WAL
  -- flush), also when its only writes are the cart locks below.
  PERFORM set_config('synchronous_commit', 'off', true);

  -- The batch's carts as they are now (a request whose cart does not exist yet creates it later).
  SELECT array_agg(x.id) INTO v_carts FROM (
    SELECT c.id FROM unnest(p_users) u(user_id)
    JOIN "Cart" c ON c."storeId" = p_store AND c."userId" = u.user_id AND c.status = 'ACTIVE'
    UNION
    SELECT c.id FROM unnest(p_users, p_token_hashes) t(user_id, token_hash)
    JOIN "Cart" c ON c."tokenHash" = t.token_hash AND c."storeId" = p_store AND c.status = 'ACTIVE' AND c."userId" IS NULL
    WHERE t.user_id IS NULL
  ) x;
  IF v_carts IS NOT NULL THEN
    PERFORM 1 FROM "Cart" c WHERE c.id = ANY(v_carts) ORDER BY c.id FOR UPDATE;
    PERFORM 1 FROM "Hold" h
    WHERE h."cartId" = ANY(v_carts) AND h."variantId" = p_variant AND h.status = 'ACTIVE' AND h."orderId" IS NULL
    ORDER BY h.id FOR UPDATE;
  END IF;

  FOR i IN 1..v_n LOOP
    RETURN QUERY SELECT i, w.*
      FROM cart_write_line_view(p_store, p_users[i], p_token_hashes[i], p_variant, p_modes[i], p_quantities[i], p_max_line, p_now) w;
  END LOOP;
END;
$$;
