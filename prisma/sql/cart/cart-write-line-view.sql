-- The add-to-cart (and set-line) route's one round trip: cart_write_line, then, when it answered
-- OK, the cart as it is now (cart_view's rows, each carrying the write's outcome); on a refusal one
-- row with the outcome and NULL view columns. Same transaction, so the view sees the write.
CREATE OR REPLACE FUNCTION cart_write_line_view(
  p_store text, p_user text, p_token_hash text, p_variant text, p_mode text, p_quantity int,
  p_max_line int, p_now timestamp(3)
) RETURNS TABLE (
  code text, available int, limit_value int, release_at timestamp(3), held int,
  slug text, currency text, "maxHoldExtensions" int, "cartId" text, "extensionsUsed" int,
  "variantId" text, quantity int, "productTitle" text, "variantTitle" text, "priceCents" int,
  status text, "releaseAt" timestamp(3), "endsAt" timestamp(3), stock int, reserved int, lapsed int,
  "holdQty" int, "holdExpiresAt" timestamp(3)
) LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  w record;
BEGIN
  SELECT * INTO w FROM cart_write_line(p_store, p_user, p_token_hash, p_variant, p_mode, p_quantity, p_max_line, p_now);
  IF w.code <> 'OK' THEN
    code := w.code; available := w.available; limit_value := w.limit_value; release_at := w.release_at; held := w.held;
    RETURN NEXT;
    RETURN;
  END IF;
  RETURN QUERY SELECT w.code, w.available, w.limit_value, w.release_at, w.held, v.*
    FROM cart_view(p_store, p_user, p_token_hash, p_now) v;
END;
$$;
