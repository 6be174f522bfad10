-- The shopper's cart write, all or nothing: cart_set_line (20261121150000_inventory_engine) inside
-- a savepoint, rolled back unless it answers OK. So a refused write (a 4xx) leaves nothing behind:
-- not a new empty cart, not a reclaimed or expired hold, not a ledger row. Still one round trip.
--
-- Also: a guest token whose cart was checked out or merged is detached from that cart first, so
-- the same cookie starts a fresh cart instead of colliding with the old cart's unique tokenHash.
-- On INSUFFICIENT_STOCK, `held` is the line's live hold (a shopper's own hold counts FOR them:
-- they could have held + available units on this line).
-- Lock order as in the engine: the detach touches only a non-active cart, before any other lock.
CREATE FUNCTION cart_write_line(
  p_store text, p_user text, p_token_hash text, p_variant text, p_mode text, p_quantity int,
  p_max_line int, p_now timestamp(3),
  OUT code text, OUT cart_id text, OUT available int, OUT limit_value int, OUT release_at timestamp(3), OUT held int
) LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  held := 0;
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
