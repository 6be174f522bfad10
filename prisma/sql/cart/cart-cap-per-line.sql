-- The most units one cart line may ask for (lib/cart/schemas.ts MAX_LINE_QUANTITY says the same;
-- lib/cart/cart-paths.db.test.ts checks they agree). The merge, the fix and checkout apply it.
CREATE OR REPLACE FUNCTION cart_cap_per_line() RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT 99
$$;
