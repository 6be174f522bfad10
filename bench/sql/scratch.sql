-- Benchmark-only SQL, applied to the `shop_bench` database in its own schema (never a product
-- migration): a prototype of bucketed hot items.

DROP SCHEMA IF EXISTS bench_scratch CASCADE;
CREATE SCHEMA bench_scratch;

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
