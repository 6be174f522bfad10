-- A guest keeps access to the orders they placed after their cookie's cart is checked out and
-- detached (the next cart write with that cookie unhooks the old cart's tokenHash): the order
-- remembers the placing cart's token hash. Set by a trigger at insert, so every way of creating an
-- order (order_checkout today) records it.
ALTER TABLE "Order" ADD COLUMN "guestTokenHash" TEXT;

UPDATE "Order" o SET "guestTokenHash" = c."tokenHash"
FROM "Cart" c WHERE c.id = o."cartId" AND o."guestTokenHash" IS NULL AND c."tokenHash" IS NOT NULL;

CREATE FUNCTION order_remember_guest_token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."guestTokenHash" IS NULL AND NEW."cartId" IS NOT NULL THEN
    SELECT c."tokenHash" INTO NEW."guestTokenHash" FROM "Cart" c WHERE c.id = NEW."cartId";
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Order_remember_guest_token" BEFORE INSERT ON "Order"
FOR EACH ROW EXECUTE FUNCTION order_remember_guest_token();
