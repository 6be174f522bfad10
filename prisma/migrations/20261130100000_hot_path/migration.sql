-- The add-to-cart hot path, tuned with the benchmark (issue 6, bench/results.json):
--   1. Hold transactions commit without waiting for the WAL flush (synchronous_commit = off, for
--      the cart write's own transaction only: set_config(..., true) lasts until its COMMIT). The item's
--      row lock is held until COMMIT, so a synchronous commit put a disk flush inside every hot
--      item's serial section. The trade: after a crash of PostgreSQL itself, holds acknowledged in
--      the last ≤ 3 × wal_writer_delay (0.6 s by default) may be missing — each one whole (hold,
--      counter, ledger row and cart line are lost or kept together), so nothing is oversold or
--      stranded. Never a sale: checkout and payment transactions commit synchronously, and a
--      synchronous commit flushes every earlier WAL record, including the holds it turned into an
--      order. A clean restart loses nothing.
--   2. The sold-out fast path's "own hold" lookup finds the shopper's cart by its unique key first,
--      then the line's hold by (cart, variant): each step an equality on a unique index, whatever
--      the table statistics say. The single join it replaces could be planned (without statistics,
--      e.g. right after a drop's bulk of new rows) as a scan of every guest cart per active hold:
--      seconds per refusal in a sold-out storm.
--   3. The cart view is a PL/pgSQL function (cart_view), so its eight-way join is planned once per
--      connection instead of on every request (Prisma sends unnamed statements: planning that
--      join cost as much database CPU as the hold itself). cart_write_line_view does the write and
--      reads the resulting cart in one round trip: the add-to-cart route's single statement. Both
--      run with plan_cache_mode = force_generic_plan: left to itself, the plan cache kept choosing
--      a fresh custom plan for the view on every call (0.64 ms vs 0.04 ms a call, measured), and
--      every statement here is an equality on an indexed key, which a generic plan serves as well.
--   4. "Hold_active_cart_by_expiry" (expiresAt, for ACTIVE cart holds) is dropped. It was the
--      sweep's index, but being the smallest index whose predicate matches "this item's lapsed cart
--      holds", the planner also took it for the per-item lapsed sums of the cart view and the stock
--      route (a scan of every lapsed hold of every item, then a filter by item) whenever it guessed
--      few lapsed holds. Now those sums can only use "Hold_active_by_item" (inventoryItemId,
--      expiresAt), and the sweep walks "Hold_status_expiresAt_idx" (status, expiresAt). One index
--      fewer to maintain on every hold written.
--   5. Rate-limit buckets are UNLOGGED: counters of the last minute need no WAL (each cart write
--      counted one synchronous, WAL-logged upsert). A crash empties the table: every client starts
--      a fresh window. The upsert itself moves into rate_limit_add (planned once per connection), which
--      also takes the counts an app instance batched (lib/rate-limit/rate-limit-batcher.ts).

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
    SELECT i.stock - i.reserved + COALESCE((
        SELECT sum(h.quantity) FROM "Hold" h
        WHERE h."inventoryItemId" = i.id AND h.status = 'ACTIVE' AND h."expiresAt" <= p_now AND h."orderId" IS NULL), 0)::int
      INTO v_free
    FROM "Variant" v
    JOIN "Product" p ON p.id = v."productId"
    JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
    WHERE v.id = p_variant AND v."storeId" = p_store
      AND p.status = 'ACTIVE' AND (p."releaseAt" IS NULL OR p."releaseAt" <= p_now)
      AND (p."endsAt" IS NULL OR p."endsAt" > p_now) AND p."perCustomerLimit" IS NULL;
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

DROP INDEX "Hold_active_cart_by_expiry";

ALTER TABLE "RateLimitBucket" SET UNLOGGED;

-- The shopper's cart as lib/cart/get-cart-view.ts shows it: one row per line (or one row with NULL
-- line columns for an empty or missing cart); the store's row always comes back. The cart is found
-- first, by its unique key, and its id then drives every join as a parameter: planned without
-- statistics, a join on the cart taken from a subquery was executed as a walk of every active hold.
CREATE FUNCTION cart_view(p_store text, p_user text, p_token_hash text, p_now timestamp(3))
RETURNS TABLE (
  slug text, currency text, "maxHoldExtensions" int, "cartId" text, "extensionsUsed" int,
  "variantId" text, quantity int, "productTitle" text, "variantTitle" text, "priceCents" int,
  status text, "releaseAt" timestamp(3), "endsAt" timestamp(3), stock int, reserved int, lapsed int,
  "holdQty" int, "holdExpiresAt" timestamp(3)
) LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_cart text;
  v_extensions int;
BEGIN
  -- The cart: the signed-in user's, else the guest token's (each a unique index).
  IF p_user IS NOT NULL THEN
    SELECT c.id, c."extensionsUsed" INTO v_cart, v_extensions FROM "Cart" c
    WHERE c."storeId" = p_store AND c."userId" = p_user AND c.status = 'ACTIVE';
  ELSIF p_token_hash IS NOT NULL THEN
    SELECT c.id, c."extensionsUsed" INTO v_cart, v_extensions FROM "Cart" c
    WHERE c."tokenHash" = p_token_hash AND c."storeId" = p_store AND c.status = 'ACTIVE' AND c."userId" IS NULL;
  END IF;
  RETURN QUERY
  SELECT s.slug, s.currency, s."maxHoldExtensions", v_cart, v_extensions,
    l."variantId", l.quantity, p.title, v.title, v."priceCents",
    p.status::text, p."releaseAt", p."endsAt", i.stock, i.reserved, COALESCE(lp.units, 0)::int,
    h.quantity, h."expiresAt"
  FROM "Store" s
  LEFT JOIN "CartLine" l ON l."cartId" = v_cart
  LEFT JOIN "Variant" v ON v.id = l."variantId"
  LEFT JOIN "Product" p ON p.id = v."productId"
  LEFT JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
  LEFT JOIN "Hold" h ON h."cartId" = v_cart AND h."variantId" = l."variantId" AND h.status = 'ACTIVE' AND h."orderId" IS NULL
  LEFT JOIN LATERAL (
    SELECT sum(x.quantity)::int AS units FROM "Hold" x
    WHERE x."inventoryItemId" = i.id AND x.status = 'ACTIVE' AND x."expiresAt" <= p_now AND x."orderId" IS NULL
  ) lp ON i.id IS NOT NULL
  WHERE s.id = p_store
  ORDER BY l."createdAt", l.id;
END;
$$;

-- The add-to-cart (and set-line) route's one round trip: cart_write_line, then, when it answered
-- OK, the cart as it is now (cart_view's rows, each carrying the write's outcome); on a refusal one
-- row with the outcome and NULL view columns. Same transaction, so the view sees the write.
CREATE FUNCTION cart_write_line_view(
  p_store text, p_user text, p_token_hash text, p_variant text, p_mode text, p_quantity int,
  p_max_line int, p_now timestamp(3)
) RETURNS TABLE (
  code text, available int, limit_value int, release_at timestamp(3), held int,
  slug text, currency text, "maxHoldExtensions" int, "cartId" text, "extensionsUsed" int,
  "variantId" text, quantity int, "productTitle" text, "variantTitle" text, "priceCents" int,
  status text, "releaseAt" timestamp(3), "endsAt" timestamp(3), stock int, reserved int, lapsed int,
  "holdQty" int, "holdExpiresAt" timestamp(3)
) LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  w record;
BEGIN
  SELECT * INTO w FROM cart_write_line(p_store, p_user, p_token_hash, p_variant, p_mode, p_quantity, p_max_line, p_now);
  IF w.code <> 'OK' THEN
    code := w.code; available := w.available; limit_value := w.limit_value; release_at := w.release_at; held := w.held;
    RETURN NEXT;
    RETURN;
  END IF;
  RETURN QUERY SELECT w.code, w.available, w.limit_value, w.release_at, w.held, v.*
    FROM cart_view(p_store, p_user, p_token_hash, p_now) v;
END;
$$;

-- Adds p_deltas[i] requests to bucket p_keys[i] (lib/rate-limit: one request, or the requests an app
-- instance counted since it last reported): a fixed window per key; a window that has ended starts
-- again with the delta. Keys are upserted in sorted order so two writers sharing buckets lock them in
-- the same order. Returns each bucket's count and the end of its window.
CREATE FUNCTION rate_limit_add(p_keys text[], p_deltas int[], p_windows int[], p_now timestamp(3))
RETURNS TABLE (key text, count int, "resetAt" timestamp(3))
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  INSERT INTO "RateLimitBucket" AS b (key, count, "resetAt")
  SELECT t.k, LEAST(t.d, 2000000000), p_now + make_interval(secs => t.w)
  FROM unnest(p_keys, p_deltas, p_windows) AS t(k, d, w)
  ORDER BY t.k
  ON CONFLICT ON CONSTRAINT "RateLimitBucket_pkey" DO UPDATE SET
    count = CASE WHEN b."resetAt" <= p_now THEN EXCLUDED.count ELSE LEAST(b.count::bigint + EXCLUDED.count, 2000000000)::int END,
    "resetAt" = CASE WHEN b."resetAt" <= p_now THEN EXCLUDED."resetAt" ELSE b."resetAt" END
  RETURNING b.key, b.count, b."resetAt";
END;
$$;
