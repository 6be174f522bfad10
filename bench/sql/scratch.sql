-- Benchmark-only SQL, applied to the `shop_bench` database in its own schema (never a product
-- migration): the common design of other platforms, and a prototype of bucketed hot items.

DROP SCHEMA IF EXISTS bench_scratch CASCADE;
CREATE SCHEMA bench_scratch;

-- The common design (Medusa, Vendure, …): no reserved counter. A hold locks the item row, sums the
-- item's unexpired holds, and inserts a hold if there is room — an interactive transaction.
CREATE TABLE bench_scratch.common_item (id text PRIMARY KEY, stock int NOT NULL);
CREATE TABLE bench_scratch.common_hold (
  id bigserial PRIMARY KEY, item_id text NOT NULL, cart_id text NOT NULL, quantity int NOT NULL,
  status text NOT NULL, expires_at timestamp(3) NOT NULL, created_at timestamp(3) NOT NULL
);
CREATE INDEX ON bench_scratch.common_hold (item_id, status, expires_at);

-- Bucketed hot item: an item's units split over N rows; a hold takes a unit from one bucket.
-- Availability is the sum over the buckets. N = 1 is the one-row design, same statements.
CREATE TABLE bench_scratch.bucket_item (id text PRIMARY KEY, buckets int NOT NULL);
CREATE TABLE bench_scratch.item_bucket (
  item_id text NOT NULL, bucket int NOT NULL, stock int NOT NULL, reserved int NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, bucket), CHECK (reserved >= 0 AND reserved <= stock)
);
CREATE TABLE bench_scratch.bucket_hold (
  id bigserial PRIMARY KEY, item_id text NOT NULL, bucket int NOT NULL, cart_id text NOT NULL,
  quantity int NOT NULL, status text NOT NULL, expires_at timestamp(3) NOT NULL, created_at timestamp(3) NOT NULL
);
CREATE TABLE bench_scratch.bucket_ledger (
  id bigserial PRIMARY KEY, item_id text NOT NULL, bucket int NOT NULL, reserved_delta int NOT NULL,
  reserved_after int NOT NULL, hold_id bigint NOT NULL, created_at timestamp(3) NOT NULL
);

-- One round trip: a guarded increment on one bucket (random start; a busy or empty bucket sends
-- the hold to the next one that has room), then the hold and its ledger row. Never oversells:
-- each bucket's guard is the engine's guard, and the CHECK backs it.
CREATE FUNCTION bench_scratch.bucket_hold(p_item text, p_cart text, p_qty int, p_now timestamp(3), OUT ok boolean, OUT bucket int)
LANGUAGE plpgsql AS $$
DECLARE
  v_n int;
  v_start int;
  v_b int;
  v_after int;
  v_hold bigint;
BEGIN
  ok := false;
  SELECT b.buckets INTO v_n FROM bench_scratch.bucket_item b WHERE b.id = p_item;
  v_start := floor(random() * v_n)::int;
  IF v_n > 1 THEN
    -- Prefer a bucket nobody holds a lock on right now.
    SELECT ib.bucket INTO v_b FROM bench_scratch.item_bucket ib
    WHERE ib.item_id = p_item AND ib.stock - ib.reserved >= p_qty
    ORDER BY (ib.bucket - v_start + v_n) % v_n
    LIMIT 1 FOR UPDATE SKIP LOCKED;
  END IF;
  IF v_b IS NOT NULL THEN
    UPDATE bench_scratch.item_bucket ib SET reserved = ib.reserved + p_qty
    WHERE ib.item_id = p_item AND ib.bucket = v_b RETURNING ib.reserved INTO v_after;
  ELSE
    -- All busy (or one row): wait on the buckets in turn, each with the guarded increment.
    FOR i IN 0 .. v_n - 1 LOOP
      v_b := (v_start + i) % v_n;
      UPDATE bench_scratch.item_bucket ib SET reserved = ib.reserved + p_qty
      WHERE ib.item_id = p_item AND ib.bucket = v_b AND ib.stock - ib.reserved >= p_qty
      RETURNING ib.reserved INTO v_after;
      EXIT WHEN FOUND;
      v_b := NULL;
    END LOOP;
  END IF;
  IF v_b IS NULL THEN RETURN; END IF;
  INSERT INTO bench_scratch.bucket_hold (item_id, bucket, cart_id, quantity, status, expires_at, created_at)
  VALUES (p_item, v_b, p_cart, p_qty, 'ACTIVE', p_now + interval '15 minutes', p_now) RETURNING id INTO v_hold;
  INSERT INTO bench_scratch.bucket_ledger (item_id, bucket, reserved_delta, reserved_after, hold_id, created_at)
  VALUES (p_item, v_b, p_qty, v_after, v_hold, p_now);
  ok := true;
  bucket := v_b;
END;
$$;

-- Sweep prototype (measured against inv_sweep_lapsed on the real tables of the bench database):
-- identical, except that the ledger gets ONE EXPIRE row per item per batch (reservedDelta = minus
-- the batch's units for that item, holdId NULL, the hold count in the reason) instead of one row
-- per hold. The holds themselves still record their own end (status EXPIRED, endedAt).
CREATE FUNCTION bench_scratch.sweep_lapsed_per_item(p_now timestamp(3), p_limit int, OUT holds int, OUT units int)
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS _swept2 (id text, item text, quantity int) ON COMMIT DROP;
  TRUNCATE _swept2;
  WITH lapsed AS (
    SELECT h.id FROM "Hold" h
    WHERE h.status = 'ACTIVE' AND h."orderId" IS NULL AND h."expiresAt" <= p_now
    ORDER BY h."expiresAt"
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  ), expired AS (
    UPDATE "Hold" h SET status = 'EXPIRED', "endedAt" = p_now, "updatedAt" = p_now
    FROM lapsed WHERE h.id = lapsed.id
    RETURNING h.id, h."inventoryItemId", h.quantity
  )
  INSERT INTO _swept2 SELECT id, "inventoryItemId", quantity FROM expired;

  SELECT count(*), COALESCE(sum(quantity), 0) INTO holds, units FROM _swept2;
  IF holds = 0 THEN RETURN; END IF;

  PERFORM 1 FROM "InventoryItem" WHERE id IN (SELECT DISTINCT item FROM _swept2) ORDER BY id FOR UPDATE;
  WITH per_item AS (SELECT item, sum(quantity)::int AS units, count(*)::int AS n FROM _swept2 GROUP BY item),
  moved AS (
    UPDATE "InventoryItem" i SET reserved = i.reserved - per_item.units, "updatedAt" = p_now
    FROM per_item WHERE i.id = per_item.item
    RETURNING i.id, i."storeId", per_item.units, per_item.n, i.stock, i.reserved
  )
  INSERT INTO "StockMovement" ("storeId", "inventoryItemId", "kind", "stockDelta", "reservedDelta",
    "stockAfter", "reservedAfter", "holdId", "actorType", "reason", "createdAt")
  SELECT moved."storeId", moved.id, 'EXPIRE', 0, -moved.units, moved.stock, moved.reserved, NULL, 'SYSTEM',
    moved.n || ' holds lapsed', p_now
  FROM moved;
END;
$$;
