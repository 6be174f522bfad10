-- Publishes the outbox (docs/events.md): gives committed, unpublished events their place in the feed
-- (`seq`, dense, in commit order) and one WebhookDelivery per subscribed, enabled endpoint of the
-- store, with the exact JSON body to sign and send. Returns the number published, or -1 when another
-- publisher holds the lock (its work covers ours).
--   * One publisher at a time (a transaction-scoped advisory lock, safe behind a transaction-mode
--     pooler): seq values commit in order, so a feed cursor over seq never skips an event.
--   * Events a writer still has locked (a hot item's open inventory.changed being updated) are
--     skipped (SKIP LOCKED), and so is every later event of the same ordering key, so each key's
--     events are published, and delivered, in the order they were written.
--   * Inventory events get their SKU, threshold and state here (event_on_ledger keeps the hot path
--     to the figures).
CREATE OR REPLACE FUNCTION event_publish(p_now timestamp(3), p_limit int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_seq bigint;
  v_count int := 0;
  v_store text;
  v_type text;
  v_key text;
  v_data jsonb;
  v_at timestamp(3);
  v_payload text;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('shop.events.publish')) THEN
    RETURN -1;
  END IF;
  SELECT COALESCE(max(e.seq), 0) INTO v_seq FROM "Event" e;
  FOR r IN
    WITH cand AS (
      SELECT e.pos, e."orderingKey" FROM "Event" e
      WHERE e.seq IS NULL
      ORDER BY e.pos
      LIMIT p_limit
      FOR UPDATE SKIP LOCKED
    )
    SELECT c.pos FROM cand c
    WHERE NOT EXISTS (
      SELECT 1 FROM "Event" x
      WHERE x.seq IS NULL AND x.pos < c.pos AND x."orderingKey" = c."orderingKey"
        AND NOT EXISTS (SELECT 1 FROM cand y WHERE y.pos = x.pos))
    ORDER BY c.pos
  LOOP
    v_seq := v_seq + 1;
    UPDATE "Event" e SET seq = v_seq, coalescing = false, "publishedAt" = p_now,
      data = e.data || COALESCE((
        SELECT jsonb_build_object('sku', i.sku, 'lowStockThreshold', t.threshold,
          'state', CASE WHEN (e.data->>'available')::int <= 0 THEN 'out_of_stock'
                        WHEN (e.data->>'available')::int <= t.threshold THEN 'low_stock'
                        ELSE 'in_stock' END)
        FROM "InventoryItem" i
        JOIN "Store" s ON s.id = i."storeId"
        CROSS JOIN LATERAL (SELECT COALESCE(i."lowStockThreshold", s."lowStockDefault") AS threshold) t
        WHERE i.id = e."inventoryItemId"), '{}'::jsonb)
    WHERE e.pos = r.pos
    RETURNING e."storeId", e.type, e."orderingKey", e.data, e."updatedAt" INTO v_store, v_type, v_key, v_data, v_at;
    SELECT jsonb_build_object('id', 'evt_' || v_seq, 'type', v_type, 'store', s.slug,
        'createdAt', to_char(v_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', v_data)::text
      INTO v_payload
    FROM "Store" s WHERE s.id = v_store;
    INSERT INTO "WebhookDelivery" ("endpointId", "eventSeq", "eventId", type, "orderingKey", payload, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT w.id, v_seq, 'evt_' || v_seq, v_type, v_key, v_payload, p_now, p_now, p_now
    FROM "WebhookEndpoint" w
    WHERE w."storeId" = v_store AND w.enabled AND v_type = ANY (w.events)
    ORDER BY w.id;
    v_count := v_count + 1;
  END LOOP;
  RETURN v_count;
END;
$$;
