-- The waitlist (issue 22, docs/waitlist.md): entries, the offer hold's kind, the store's offer TTL and
-- the waitlist's mail outbox. The engine's functions and triggers follow in the next two migrations.
-- CreateEnum
CREATE TYPE "HoldKind" AS ENUM ('CART', 'OFFER');

-- CreateEnum
CREATE TYPE "WaitlistStatus" AS ENUM ('WAITING', 'OFFERED', 'CLAIMED', 'LAPSED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Hold" ADD COLUMN     "kind" "HoldKind" NOT NULL DEFAULT 'CART';

-- AlterTable
ALTER TABLE "Store" ADD COLUMN     "offerTtlSeconds" INTEGER NOT NULL DEFAULT 600;

-- CreateTable
CREATE TABLE "WaitlistEntry" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "storeId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "userId" TEXT,
    "email" TEXT NOT NULL,
    "guestTokenHash" TEXT,
    "quantity" INTEGER NOT NULL,
    "status" "WaitlistStatus" NOT NULL DEFAULT 'WAITING',
    "offerHoldId" TEXT,
    "offeredQuantity" INTEGER,
    "offeredAt" TIMESTAMP(3),
    "offerExpiresAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "claimHoldId" TEXT,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaitlistMail" (
    "id" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "toEmail" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "WaitlistMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_offerHoldId_key" ON "WaitlistEntry"("offerHoldId");

-- CreateIndex
CREATE INDEX "WaitlistEntry_storeId_createdAt_idx" ON "WaitlistEntry"("storeId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistMail_entryId_key" ON "WaitlistMail"("entryId");

-- CreateIndex
CREATE INDEX "WaitlistMail_status_nextAttemptAt_idx" ON "WaitlistMail"("status", "nextAttemptAt");


-- Hand-written (Prisma's schema language cannot express these).
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_quantity_check" CHECK (quantity BETWEEN 1 AND 5);
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_offered_quantity_check" CHECK ("offeredQuantity" IS NULL OR "offeredQuantity" > 0);
ALTER TABLE "Store" ADD CONSTRAINT "Store_offer_ttl_check" CHECK ("offerTtlSeconds" BETWEEN 10 AND 86400);
-- One live entry per shopper (email) and variant.
CREATE UNIQUE INDEX "WaitlistEntry_live_per_shopper" ON "WaitlistEntry" ("variantId", email) WHERE status IN ('WAITING', 'OFFERED');
-- The line of an item, oldest first (the engine's hand-off reads it under the item's lock).
CREATE INDEX "WaitlistEntry_waiting_by_item" ON "WaitlistEntry" ("inventoryItemId", seq) WHERE status = 'WAITING';
CREATE INDEX "WaitlistEntry_user" ON "WaitlistEntry" ("userId") WHERE "userId" IS NOT NULL;
-- A hold belongs to a cart or an order, or is a waitlist offer (no owner until claimed).
ALTER TABLE "Hold" DROP CONSTRAINT "Hold_owner_check";
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_owner_check" CHECK ("cartId" IS NOT NULL OR "orderId" IS NOT NULL OR kind = 'OFFER') NOT VALID;
ALTER TABLE "Hold" VALIDATE CONSTRAINT "Hold_owner_check";
