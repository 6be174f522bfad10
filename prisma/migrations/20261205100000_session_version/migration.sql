-- Sign-out ends a session server-side: a session carries the account's version; signing out bumps it.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
