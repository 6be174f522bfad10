-- What each line of a cart may hold: at most cart_cap_per_line(), and for a product with a
-- perCustomerLimit, the limit less what the customer's live (not cancelled) orders of that product
-- already have (signed in only: a guest has no orders to count) and less what the cart's earlier
-- lines of the same product ask for (lines in the order they were added). The same limits
-- cart_set_line applies when a line grows; the merge, the fix, checkout and the cart view use
-- this one definition, so an over-limit line is always shown as an issue and never ordered.
CREATE OR REPLACE FUNCTION cart_line_allowances(p_cart text, p_user text)
RETURNS TABLE (line_id text, variant_id text, allowed int, per_customer int) LANGUAGE sql STABLE AS $$
  SELECT l.id, l."variantId",
    LEAST(cart_cap_per_line(), CASE WHEN p."perCustomerLimit" IS NULL THEN cart_cap_per_line() ELSE GREATEST(0,
      p."perCustomerLimit" - COALESCE(o.units, 0)
      - COALESCE(sum(l.quantity) OVER (PARTITION BY v."productId" ORDER BY l."createdAt", l.id
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)) END)::int,
    p."perCustomerLimit"
  FROM "CartLine" l
  JOIN "Cart" c ON c.id = l."cartId"
  JOIN "Variant" v ON v.id = l."variantId"
  JOIN "Product" p ON p.id = v."productId"
  LEFT JOIN LATERAL (
    SELECT sum(ol.quantity)::int AS units
    FROM "Order" o JOIN "OrderLine" ol ON ol."orderId" = o.id JOIN "Variant" ov ON ov.id = ol."variantId"
    WHERE p."perCustomerLimit" IS NOT NULL AND p_user IS NOT NULL
      AND o."userId" = p_user AND o."storeId" = c."storeId" AND o.status <> 'CANCELLED' AND ov."productId" = p.id
  ) o ON true
  WHERE l."cartId" = p_cart
$$;
