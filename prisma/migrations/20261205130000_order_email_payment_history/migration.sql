-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "email" TEXT;

-- CreateTable
CREATE TABLE "PaymentStatusEvent" (
    "id" TEXT NOT NULL,
    "paymentId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "result" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentStatusEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PaymentStatusEvent_paymentId_createdAt_idx" ON "PaymentStatusEvent"("paymentId", "createdAt");

-- CreateIndex
CREATE INDEX "Order_storeId_email_idx" ON "Order"("storeId", "email");

-- AddForeignKey
ALTER TABLE "PaymentStatusEvent" ADD CONSTRAINT "PaymentStatusEvent_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

