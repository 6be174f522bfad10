-- Publishes the outbox (docs/events.md): gives committed, unpublished events their place in the feed
-- (`seq`, dense, in commit order) and one WebhookDelivery per subscribed, enabled endpoint of the
-- store, with the exact JSON body to sign and send. Returns the number published, or -1 when another
-- publisher holds the lock (its work covers ours).
--   * One publisher at a time (a transaction-scoped advisory lock, safe behind a transaction-mode
--     pooler): seq values commit in order, so a feed cursor over seq never skips an event.
--   * The items whose events it publishes are locked first (in id order, like every engine path):
--     their writers have all committed, none can add to or move their events meanwhile, and an
--     open inventory.changed gets the item's figures as they are now, the latest. Then each item's
--     "eventOpen" is cleared, so its next change opens a new inventory.changed. A hot item's holds
--     wait for this once per publication (milliseconds), never per hold.
--   * Events are published in write order (pos); an item's events are all written under its row
--     lock, so per item that is the order of the changes. Order events are never updated.
CREATE OR REPLACE FUNCTION event_publish(p_now timestamp(3), p_limit int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_items text[];
  v_seq bigint;
  v_count int := 0;
  v_data jsonb;
  v_payload text;
  v_slug text;
  v_at timestamp(3);
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('shop.events.publish')) THEN
    RETURN -1;
  END IF;
  SELECT array_agg(DISTINCT q."inventoryItemId") INTO v_items FROM (
    SELECT e."inventoryItemId" FROM "Event" e WHERE e.seq IS NULL ORDER BY e.pos LIMIT p_limit
  ) q WHERE q."inventoryItemId" IS NOT NULL;
  IF v_items IS NOT NULL THEN
    PERFORM set_config('lock_timeout', '5s', true);
    BEGIN
      PERFORM 1 FROM "InventoryItem" i WHERE i.id = ANY (v_items) ORDER BY i.id FOR UPDATE;
    EXCEPTION WHEN lock_not_available THEN
      RETURN 0; -- an item busy for seconds (a long bulk import): the next run publishes
    END;
  END IF;
  SELECT COALESCE(max(e.seq), 0) INTO v_seq FROM "Event" e;
  FOR r IN
    SELECT e.pos, e."storeId", e.type, e."orderingKey", e."inventoryItemId", e.coalescing, e.threshold, e.data, e."updatedAt"
    FROM "Event" e
    WHERE e.seq IS NULL AND (e."inventoryItemId" IS NULL OR e."inventoryItemId" = ANY (v_items))
    ORDER BY e.pos
    LIMIT p_limit
  LOOP
    v_seq := v_seq + 1;
    v_data := r.data;
    v_at := r."updatedAt";
    IF r."inventoryItemId" IS NOT NULL THEN
      SELECT
        CASE WHEN r.coalescing
          THEN jsonb_build_object('stock', i.stock, 'reserved', i.reserved, 'available', i.stock - i.reserved,
            'cause', (SELECT lower(m.kind::text) FROM "StockMovement" m WHERE m."inventoryItemId" = i.id ORDER BY m.id DESC LIMIT 1))
          ELSE r.data END
        || jsonb_build_object('sku', i.sku, 'lowStockThreshold', t.threshold),
        CASE WHEN r.coalescing THEN i."updatedAt" ELSE r."updatedAt" END
      INTO v_data, v_at
      FROM "InventoryItem" i
      JOIN "Store" s ON s.id = i."storeId"
      CROSS JOIN LATERAL (SELECT COALESCE(r.threshold, i."lowStockThreshold", s."lowStockDefault") AS threshold) t
      WHERE i.id = r."inventoryItemId";
      v_data := v_data || jsonb_build_object('state',
        CASE WHEN (v_data->>'available')::int <= 0 THEN 'out_of_stock'
             WHEN (v_data->>'available')::int <= (v_data->>'lowStockThreshold')::int THEN 'low_stock'
             ELSE 'in_stock' END);
    END IF;
    UPDATE "Event" SET seq = v_seq, coalescing = false, "publishedAt" = p_now, data = v_data, "updatedAt" = v_at
    WHERE pos = r.pos;
    SELECT s.slug INTO v_slug FROM "Store" s WHERE s.id = r."storeId";
    v_payload := jsonb_build_object('id', 'evt_' || v_seq, 'type', r.type, 'store', v_slug,
      'createdAt', to_char(v_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', v_data)::text;
    INSERT INTO "WebhookDelivery" ("endpointId", "eventSeq", "eventId", type, "orderingKey", payload, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT w.id, v_seq, 'evt_' || v_seq, r.type, r."orderingKey", v_payload, p_now, p_now, p_now
    FROM "WebhookEndpoint" w
    WHERE w."storeId" = r."storeId" AND w.enabled AND r.type = ANY (w.events)
    ORDER BY w.id;
    v_count := v_count + 1;
  END LOOP;
  IF v_items IS NOT NULL THEN
    UPDATE "InventoryItem" i SET "eventOpen" = false
    WHERE i.id = ANY (v_items) AND i."eventOpen"
      AND NOT EXISTS (SELECT 1 FROM "Event" e WHERE e."inventoryItemId" = i.id AND e.seq IS NULL AND e.coalescing);
  END IF;
  RETURN v_count;
END;
$$;
