-- Alert state (lib/alerts): what was last announced per alert key, so that "once per crossing",
-- "once per failure streak" and "once a day" hold across serverless invocations and processes.
CREATE TABLE "AlertState" (
    "key" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "streak" INTEGER NOT NULL DEFAULT 0,
    "lastSentAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertState_pkey" PRIMARY KEY ("key")
);
