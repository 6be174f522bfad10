CREATE OR REPLACE FUNCTION order_remember_guest_token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."guestTokenHash" IS NULL AND NEW."cartId" IS NOT NULL THEN
    SELECT c."tokenHash" INTO NEW."guestTokenHash" FROM "Cart" c WHERE c.id = NEW."cartId";
  END IF;
  RETURN NEW;
END;
$$;
