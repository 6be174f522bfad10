-- Adds p_deltas[i] requests to bucket p_keys[i] (lib/rate-limit: one request, or the requests an app
-- instance counted since it last reported): a fixed window per key; a window that has ended starts
-- again with the delta. Keys are upserted in sorted order so two writers sharing buckets lock them in
-- the same order. Returns each bucket's count and the end of its window.
CREATE OR REPLACE FUNCTION rate_limit_add(p_keys text[], p_deltas int[], p_windows int[], p_now timestamp(3))
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
