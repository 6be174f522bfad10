-- The shopper's cart as lib/cart/get-cart-view.ts shows it: one row per line (or one row with NULL
-- line columns for an empty or missing cart); the store's row always comes back. The cart is found
-- first, by its unique key, and its id then drives every join as a parameter: planned without
-- statistics, a join on the cart taken from a subquery was executed as a walk of every active hold.
-- Limits (issue 24): "productId", "perCustomerLimit" and, for a limited product and a signed-in
-- shopper, "orderedUnits" (their live orders' units of it) let the view work out what each line may
-- have exactly as cart_line_allowances does (lib/cart/get-cart-view.ts), at no cost for the
-- lines of unlimited products.
CREATE OR REPLACE FUNCTION cart_view(p_store text, p_user text, p_token_hash text, p_now timestamp(3))
RETURNS TABLE (
  slug text, currency text, "maxHoldExtensions" int, "cartId" text, "extensionsUsed" int,
  "variantId" text, quantity int, "productTitle" text, "variantTitle" text, "priceCents" int,
  status text, "releaseAt" timestamp(3), "endsAt" timestamp(3), stock int, reserved int, lapsed int,
  "holdQty" int, "holdExpiresAt" timestamp(3), "productId" text, "perCustomerLimit" int, "orderedUnits" int
) LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_cart text;
  v_extensions int;
BEGIN
  -- The cart: the signed-in user's, else the guest token's (each a unique index).
  IF p_user IS NOT NULL THEN
    SELECT c.id, c."extensionsUsed" INTO v_cart, v_extensions FROM "Cart" c
    WHERE c."storeId" = p_store AND c."userId" = p_user AND c.status = 'ACTIVE';
  ELSIF p_token_hash IS NOT NULL THEN
    SELECT c.id, c."extensionsUsed" INTO v_cart, v_extensions FROM "Cart" c
    WHERE c."tokenHash" = p_token_hash AND c."storeId" = p_store AND c.status = 'ACTIVE' AND c."userId" IS NULL;
  END IF;
  RETURN QUERY
  SELECT s.slug, s.currency, s."maxHoldExtensions", v_cart, v_extensions,
    l."variantId", l.quantity, p.title, v.title, v."priceCents",
    p.status::text, p."releaseAt", p."endsAt", i.stock, i.reserved, COALESCE(lp.units, 0)::int,
    h.quantity, h."expiresAt", p.id, p."perCustomerLimit", ou.units
  FROM "Store" s
  LEFT JOIN "CartLine" l ON l."cartId" = v_cart
  LEFT JOIN "Variant" v ON v.id = l."variantId"
  LEFT JOIN "Product" p ON p.id = v."productId"
  LEFT JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
  LEFT JOIN "Hold" h ON h."cartId" = v_cart AND h."variantId" = l."variantId" AND h.status = 'ACTIVE' AND h."orderId" IS NULL
  LEFT JOIN LATERAL inv_lapsed_units(i.id, p_now) lp ON i.id IS NOT NULL
  LEFT JOIN LATERAL (
    SELECT sum(ol.quantity)::int AS units
    FROM "Order" o JOIN "OrderLine" ol ON ol."orderId" = o.id JOIN "Variant" ov ON ov.id = ol."variantId"
    WHERE p."perCustomerLimit" IS NOT NULL AND p_user IS NOT NULL
      AND o."userId" = p_user AND o."storeId" = p_store AND o.status <> 'CANCELLED' AND ov."productId" = p.id
  ) ou ON p."perCustomerLimit" IS NOT NULL
  WHERE s.id = p_store
  ORDER BY l."createdAt", l.id;
END;
$$;
