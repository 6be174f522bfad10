-- The event outbox, webhook endpoints and their deliveries (issue 21, docs/events.md).
-- Events are appended by triggers in the transaction of the change they report; the functions
-- live in prisma/sql/events (and inv_record_low_stock, prisma/sql/inventory, gains low_stock).
--   inventory.changed: InventoryItem_event_open, a BEFORE trigger whose WHEN clause lets it run
--     only for an item's first change after a publication (it sets "eventOpen" and appends one
--     open event); later changes of the item cost the WHEN test alone until the publisher
--     (event_publish) fills in the latest figures and clears the flag.
--   inventory.out_of_stock / back_in_stock: InventoryItem_event_crossing, WHEN availability crosses 0.
--   inventory.low_stock: inv_record_low_stock, which already judged the threshold on every decrease.
--   order.*: deferred constraint triggers on "Order", at the commit of the change.

-- AlterTable
ALTER TABLE "InventoryItem" ADD COLUMN     "eventOpen" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Event" (
    "pos" BIGSERIAL NOT NULL,
    "seq" BIGINT,
    "storeId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "orderingKey" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "coalescing" BOOLEAN NOT NULL DEFAULT false,
    "threshold" INTEGER,
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


-- An item's open (unpublished, coalescing) inventory.changed: at most one.
CREATE UNIQUE INDEX "Event_open_changed_key" ON "Event" ("inventoryItemId") WHERE seq IS NULL AND coalescing;
-- The publisher's queue: unpublished events in write order.
CREATE INDEX "Event_unpublished_idx" ON "Event" (pos) WHERE seq IS NULL;
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

-- Appends an item's crossing event (inventory.out_of_stock, back_in_stock, low_stock) with the
-- figures at the crossing, in the transaction of the change, and moves the item's open
-- inventory.changed after it, so per item the feed keeps the order of the changes: what came before
-- the crossing is in the crossing's figures, what comes after is in the inventory.changed that
-- follows it. Called by the item's triggers with its row locked (the change holds it).
CREATE OR REPLACE FUNCTION event_item_transition(
  p_store text, p_item text, p_type text, p_stock int, p_reserved int, p_threshold int, p_at timestamp(3)
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "Event" WHERE "inventoryItemId" = p_item AND seq IS NULL AND coalescing;
  INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, threshold, data, "createdAt", "updatedAt")
  VALUES (p_store, p_type, 'sku:' || p_item, p_item, false, p_threshold,
    jsonb_build_object('stock', p_stock, 'reserved', p_reserved, 'available', p_stock - p_reserved), p_at, p_at);
  INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, data, "createdAt", "updatedAt")
  VALUES (p_store, 'inventory.changed', 'sku:' || p_item, p_item, true, '{}'::jsonb, p_at, p_at);
END;
$$;

-- The outbox's inventory.changed (docs/events.md), coalesced per item at no cost to a hot item's
-- holds. A BEFORE UPDATE OF stock, reserved trigger on "InventoryItem" whose WHEN clause lets it
-- run only when the item has no unpublished inventory.changed ("eventOpen" false): the first change
-- after a publication sets the flag on the row being written and appends one open event, in the
-- change's own transaction; every later change until the next publication costs only the WHEN
-- test. The open event carries no figures: the publisher (event_publish) fills in the item's
-- figures as they are when it publishes — the latest committed ones — under the item's row lock,
-- then clears the flag, so the next change opens a new one.
CREATE OR REPLACE FUNCTION event_open_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."eventOpen" := true;
  INSERT INTO "Event" ("storeId", type, "orderingKey", "inventoryItemId", coalescing, data, "createdAt", "updatedAt")
  VALUES (NEW."storeId", 'inventory.changed', 'sku:' || NEW.id, NEW.id, true, '{}'::jsonb, NEW."updatedAt", NEW."updatedAt");
  RETURN NEW;
END;
$$;

-- inventory.out_of_stock / inventory.back_in_stock: an AFTER UPDATE OF stock, reserved trigger on
-- "InventoryItem" whose WHEN clause runs it only when availability (stock - reserved) crosses 0.
-- (inventory.low_stock comes from inv_record_low_stock, which already judges the threshold.)
CREATE OR REPLACE FUNCTION event_on_crossing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM event_item_transition(NEW."storeId", NEW.id,
    CASE WHEN NEW.stock - NEW.reserved > 0 THEN 'inventory.back_in_stock' ELSE 'inventory.out_of_stock' END,
    NEW.stock, NEW.reserved, NULL, NEW."updatedAt");
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

-- Low-stock alerts: when an item's availability (stock - reserved) crosses its threshold downward,
-- one LowStockAlert row is recorded (at most one per item per hour, so holds that come and go
-- around the threshold do not flood the channel). Delivery is the jobs' work. Every crossing that
-- leaves units available also appends an inventory.low_stock event to the outbox (docs/events.md;
-- reaching 0 is inventory.out_of_stock, from event_on_crossing).
CREATE OR REPLACE FUNCTION inv_record_low_stock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_threshold int;
  v_before int := OLD.stock - OLD.reserved;
  v_after int := NEW.stock - NEW.reserved;
BEGIN
  v_threshold := NEW."lowStockThreshold";
  IF v_threshold IS NULL THEN
    SELECT s."lowStockDefault" INTO v_threshold FROM "Store" s WHERE s.id = NEW."storeId";
  END IF;
  IF v_threshold IS NULL OR NOT (v_before > v_threshold AND v_after <= v_threshold) THEN
    RETURN NULL;
  END IF;
  IF v_after > 0 THEN
    PERFORM event_item_transition(NEW."storeId", NEW.id, 'inventory.low_stock', NEW.stock, NEW.reserved, v_threshold, NEW."updatedAt");
  END IF;
  IF EXISTS (SELECT 1 FROM "LowStockAlert" a WHERE a."inventoryItemId" = NEW.id AND a."createdAt" > NEW."updatedAt" - interval '1 hour') THEN
    RETURN NULL;
  END IF;
  INSERT INTO "LowStockAlert" (id, "storeId", "inventoryItemId", available, threshold, "createdAt")
  VALUES (gen_random_uuid()::text, NEW."storeId", NEW.id, v_after, v_threshold, NEW."updatedAt");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "InventoryItem_event_open" BEFORE UPDATE OF stock, reserved ON "InventoryItem"
FOR EACH ROW WHEN (NOT OLD."eventOpen" AND (NEW.stock IS DISTINCT FROM OLD.stock OR NEW.reserved IS DISTINCT FROM OLD.reserved))
EXECUTE FUNCTION event_open_item();

CREATE TRIGGER "InventoryItem_event_crossing" AFTER UPDATE OF stock, reserved ON "InventoryItem"
FOR EACH ROW WHEN ((OLD.stock - OLD.reserved > 0) IS DISTINCT FROM (NEW.stock - NEW.reserved > 0))
EXECUTE FUNCTION event_on_crossing();

CREATE CONSTRAINT TRIGGER "Order_event_created" AFTER INSERT ON "Order"
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION event_on_order();

CREATE CONSTRAINT TRIGGER "Order_event_status" AFTER UPDATE OF status ON "Order"
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION event_on_order();
