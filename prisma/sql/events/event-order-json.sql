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
