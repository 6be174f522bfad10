-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Variant" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SupplierGrant" (
    "id" TEXT NOT NULL,
    "supplierStoreId" TEXT NOT NULL,
    "resellerStoreId" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "SupplierGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogAudit" (
    "id" BIGSERIAL NOT NULL,
    "storeId" TEXT NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatalogAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SupplierGrant_resellerStoreId_idx" ON "SupplierGrant"("resellerStoreId");

-- CreateIndex
CREATE UNIQUE INDEX "SupplierGrant_supplierStoreId_resellerStoreId_key" ON "SupplierGrant"("supplierStoreId", "resellerStoreId");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyRecord_storeId_key_key" ON "IdempotencyRecord"("storeId", "key");

-- CreateIndex
CREATE INDEX "CatalogAudit_storeId_id_idx" ON "CatalogAudit"("storeId", "id");

-- AddForeignKey
ALTER TABLE "SupplierGrant" ADD CONSTRAINT "SupplierGrant_supplierStoreId_fkey" FOREIGN KEY ("supplierStoreId") REFERENCES "Store"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupplierGrant" ADD CONSTRAINT "SupplierGrant_resellerStoreId_fkey" FOREIGN KEY ("resellerStoreId") REFERENCES "Store"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Listings that already sell another store's item (the demo's outlet) keep working: their supplier
-- grants them, from the migration on.
INSERT INTO "SupplierGrant" ("id", "supplierStoreId", "resellerStoreId", "since")
SELECT gen_random_uuid()::text, x."supplierStoreId", x."resellerStoreId", CURRENT_TIMESTAMP
FROM (
  SELECT DISTINCT i."storeId" AS "supplierStoreId", v."storeId" AS "resellerStoreId"
  FROM "Variant" v JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
  WHERE i."storeId" <> v."storeId"
) x
ON CONFLICT ("supplierStoreId", "resellerStoreId") DO NOTHING;
