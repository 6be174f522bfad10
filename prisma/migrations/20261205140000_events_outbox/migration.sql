-- The event outbox, webhook endpoints and their deliveries (issue 21, docs/events.md).
-- Events are appended by triggers in the transaction of the change they report: inventory events
-- from the stock ledger (every change of stock or reserved writes one ledger row), order events at
-- the commit of the transaction that inserted the order or changed its status. The functions live
-- in prisma/sql/events.

-- CreateTable
CREATE TABLE "Event" (
    "pos" BIGSERIAL NOT NULL,
    "seq" BIGINT,
    "storeId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "orderingKey" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "coalescing" BOOLEAN NOT NULL DEFAULT false,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "Event_pkey" PRIMARY KEY ("pos")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "failingSince" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" BIGSERIAL NOT NULL,
    "endpointId" TEXT NOT NULL,
    "eventSeq" BIGINT,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "orderingKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Event_seq_key" ON "Event"("seq");

-- CreateIndex
CREATE INDEX "Event_storeId_seq_idx" ON "Event"("storeId", "seq");

-- CreateIndex
CREATE INDEX "Event_publishedAt_idx" ON "Event"("publishedAt");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_storeId_idx" ON "WebhookEndpoint"("storeId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_id_idx" ON "WebhookDelivery"("endpointId", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_createdAt_idx" ON "WebhookDelivery"("createdAt");

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The open (coalescing) inventory.changed of an item: at most one. Its updates touch no indexed
-- column, so a hot item's holds update it in place (HOT); the table leaves room on each page.
CREATE UNIQUE INDEX "Event_open_changed_key" ON "Event" ("inventoryItemId") WHERE seq IS NULL AND coalescing;
-- The publisher's queue: unpublished events in write order.
CREATE INDEX "Event_unpublished_idx" ON "Event" (pos) WHERE seq IS NULL;
ALTER TABLE "Event" SET (fillfactor = 70);
-- The deliverer's queue: per endpoint and ordering key, the pending deliveries in event order.
CREATE INDEX "WebhookDelivery_pending_idx" ON "WebhookDelivery" ("endpointId", "orderingKey", "eventSeq") WHERE status = 'PENDING';
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_status_check" CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED'));

-- An order as API.md shows it (lib/orders/order-view.ts, the same fields), for the order events'
-- `data.order`: a snapshot taken when the event is written.
CREATE OR REPLACE FUNCTION event_order_json(p_order text) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', o.id, 'number', o.number, 'store', s.slug, 'status', o.status::text,
    'lines', COALESCE((
      SELECT jsonb_agg(jsonb_build_object('variantId', l."variantId", 'sku', l.sku, 'productTitle', l."productTitle",
          'variantTitle', l."variantTitle", 'unitPriceCents', l."unitPriceCents", 'quantity', l.quantity,
          'lineTotalCents', l."unitPriceCents" * l.quantity)
        ORDER BY l."productTitle", l."variantTitle", l.id)
      FROM "OrderLine" l WHERE l."orderId" = o.id), '[]'::jsonb),
    'totalCents', o."totalCents", 'currency', o.currency,
    'paymentDeadline', to_char(o."paymentDeadline", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'createdAt', to_char(o."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'paidAt', to_char(o."paidAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'cancelledAt', to_char(o."cancelledAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'cancelReason', o."cancelReason")
  FROM "Order" o JOIN "Store" s ON s.id = o."storeId"
  WHERE o.id = p_order;
$$;

-- The outbox's inventory events (docs/events.md), from the stock ledger: every change of an item's
-- stock or reserved writes one "StockMovement" row in its transaction, and this trigger (AFTER
-- INSERT on "StockMovement") appends the events in that same transaction. A rolled-back change
-- leaves no event; a committed one always has its event.
--   inventory.changed: coalesced per item. While the item's last inventory.changed is unpublished
--     (seq IS NULL AND coalescing), it is updated in place with the latest figures: a hot item's
--     holds add one row version each (a HOT update of one row their item lock already serialises),
--     never a queue of events. The publisher (event_publish) closes it; the next change opens another.
--   inventory.out_of_stock / back_in_stock / low_stock: when availability (stock - reserved) crosses
--     0 or the threshold. The crossing carries the same figures as an inventory.changed, so it
--     replaces the item's open one (coalesced into it) and a new open inventory.changed follows it:
--     per item the order is the order of the changes, and never more than one inventory.changed of
--     an item is unpublished.
-- The figures carry no SKU or state: the publisher adds them (the SKU never changes; the state is
-- the one the figures give with the threshold at publication).
CREATE OR REPLACE FUNCTION event_on_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_after int := NEW."stockAfter" - NEW."reservedAfter";
  v_before int := (NEW."stockAfter" - NEW."stockDelta") - (NEW."reservedAfter" - NEW."reservedDelta");
  v_key text := 'sku:' || NEW."inventoryItemId";
  v_type text;
  v_threshold int;
  v_data jsonb;
BEGIN
  IF NEW."stockDelta" = 0 AND NEW."reservedDelta" = 0 THEN
    RETURN NULL;
  END IF;
  IF v_before > 0 AND v_after <= 0 THEN
    v_type := 'inventory.out_of_stock';
  ELSIF v_before <= 0 AND v_after > 0 THEN
    v_type := 'inventory.back_in_stock';
  ELSIF v_after < v_before THEN
    SELECT COALESCE(i."lowStockThreshold", s."lowStockDefault") INTO v_threshold
    FROM "InventoryItem" i JOIN "Store" s ON s.id = i."storeId"
    WHERE i.id = NEW."inventoryItemId";
    IF v_threshold IS NOT NULL AND v_before > v_threshold AND v_after <= v_threshold THEN
      v_type := 'inventory.low_stock';
    END IF;
  END IF;
  v_data := jsonb_build_object('stock', NEW."stockAfter", 'reserved', NEW."reservedAfter", 'available', v_after,
    'cause', lower(NEW.kind::text));
  IF v_type IS NOT NULL THEN
    DELETE FROM "Event" WHERE "inventoryItemId" = NEW."inventoryItemId" AND seq IS NULL AND coalescing;
    INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, data, "createdAt", "updatedAt")
    VALUES (NEW."storeId", v_type, v_key, NEW."inventoryItemId", false, v_data, NEW."createdAt", NEW."createdAt");
  END IF;
  INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, data, "createdAt", "updatedAt")
  VALUES (NEW."storeId", 'inventory.changed', v_key, NEW."inventoryItemId", true, v_data, NEW."createdAt", NEW."createdAt")
  ON CONFLICT ("inventoryItemId") WHERE seq IS NULL AND coalescing
  DO UPDATE SET data = EXCLUDED.data, "updatedAt" = EXCLUDED."updatedAt";
  RETURN NULL;
END;
$$;

-- The outbox's order events (docs/events.md): order.created when an order is inserted, order.paid /
-- order.cancelled when its status becomes PAID / CANCELLED. A deferred constraint trigger: it runs
-- at COMMIT of the transaction that made the change, so the snapshot (event_order_json) has the
-- order's lines and final fields, and a rolled-back checkout or payment writes nothing.
CREATE OR REPLACE FUNCTION event_on_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_type text;
  v_at timestamp(3);
BEGIN
  IF TG_OP = 'INSERT' THEN
    v_type := 'order.created';
  ELSIF NEW.status = 'PAID' THEN
    v_type := 'order.paid';
  ELSIF NEW.status = 'CANCELLED' THEN
    v_type := 'order.cancelled';
  ELSE
    RETURN NULL;
  END IF;
  v_at := CASE v_type WHEN 'order.paid' THEN NEW."paidAt" WHEN 'order.cancelled' THEN NEW."cancelledAt" END;
  v_at := COALESCE(v_at, NEW."createdAt");
  INSERT INTO "Event" ("storeId", type, "orderingKey", coalescing, data, "createdAt", "updatedAt")
  VALUES (NEW."storeId", v_type, 'order:' || NEW.id, false, jsonb_build_object('order', event_order_json(NEW.id)), v_at, v_at);
  RETURN NULL;
END;
$$;

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

CREATE TRIGGER "StockMovement_event" AFTER INSERT ON "StockMovement"
FOR EACH ROW EXECUTE FUNCTION event_on_ledger();

CREATE CONSTRAINT TRIGGER "Order_event_created" AFTER INSERT ON "Order"
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION event_on_order();

CREATE CONSTRAINT TRIGGER "Order_event_status" AFTER UPDATE OF status ON "Order"
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION event_on_order();
