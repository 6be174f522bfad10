CREATE OR REPLACE FUNCTION cart_write_line(
  p_store text, p_user text, p_token_hash text, p_variant text, p_mode text, p_quantity int,
  p_max_line int, p_now timestamp(3),
  OUT code text, OUT cart_id text, OUT available int, OUT limit_value int, OUT release_at timestamp(3), OUT held int
) LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_free int;
  v_cart text;
BEGIN
  held := 0;
  IF p_mode = 'add' AND p_quantity > 0 THEN
    -- Sold out, from a lock-free read (see 20261121170000_cart_sold_out_fast_path): no lock, no write.
    SELECT i.stock - i.reserved + (SELECT l.units FROM inv_lapsed_units(i.id, p_now) l)
      INTO v_free
    FROM "Variant" v
    JOIN "Product" p ON p.id = v."productId"
    JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
    WHERE v.id = p_variant AND v."storeId" = p_store
      AND catalog_sale_state(p, p_now) = 'ON_SALE' AND p."perCustomerLimit" IS NULL
      AND (SELECT listed FROM catalog_listed(v, i, p_store));
    IF v_free IS NOT NULL AND v_free < p_quantity THEN
      code := 'INSUFFICIENT_STOCK';
      available := GREATEST(v_free, 0);
      -- The shopper's own live hold on this line counts for them (reported, not re-held).
      IF p_user IS NOT NULL THEN
        SELECT c.id INTO v_cart FROM "Cart" c
        WHERE c."storeId" = p_store AND c."userId" = p_user AND c.status = 'ACTIVE';
      ELSIF p_token_hash IS NOT NULL THEN
        SELECT c.id INTO v_cart FROM "Cart" c
        WHERE c."tokenHash" = p_token_hash AND c."storeId" = p_store AND c.status = 'ACTIVE' AND c."userId" IS NULL;
      END IF;
      IF v_cart IS NOT NULL THEN
        SELECT COALESCE(sum(h.quantity), 0)::int INTO held FROM "Hold" h
        WHERE h."cartId" = v_cart AND h."variantId" = p_variant AND h.status = 'ACTIVE' AND h."orderId" IS NULL
          AND h."expiresAt" > p_now;
      END IF;
      RETURN;
    END IF;
  END IF;

  -- A hold transaction: commits without waiting for the WAL flush (header, point 1).
  PERFORM set_config('synchronous_commit', 'off', true);
  BEGIN
    IF p_user IS NULL AND p_token_hash IS NOT NULL THEN
      UPDATE "Cart" SET "tokenHash" = NULL, "updatedAt" = p_now
      WHERE "tokenHash" = p_token_hash AND status <> 'ACTIVE';
    END IF;
    SELECT * INTO r FROM cart_set_line(p_store, p_user, p_token_hash, p_variant, p_mode, p_quantity, p_max_line, p_now);
    code := r.code;
    cart_id := r.cart_id;
    available := r.available;
    limit_value := r.limit_value;
    release_at := r.release_at;
    IF code <> 'OK' THEN
      RAISE EXCEPTION 'cart write refused: %', code USING ERRCODE = 'P0C01';
    END IF;
  EXCEPTION WHEN SQLSTATE 'P0C01' THEN
    -- Rolled back to the block's start; the OUT values set above survive.
    NULL;
  END;
  IF code = 'INSUFFICIENT_STOCK' AND cart_id IS NOT NULL THEN
    SELECT COALESCE(sum(h.quantity), 0)::int INTO held FROM "Hold" h
    WHERE h."cartId" = cart_id AND h."variantId" = p_variant AND h.status = 'ACTIVE' AND h."orderId" IS NULL
      AND h."expiresAt" > p_now;
  END IF;
  IF code <> 'OK' THEN
    cart_id := NULL;
  END IF;
END;
$$;
