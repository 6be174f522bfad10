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
