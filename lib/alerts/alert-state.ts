// The alerts' memory (AlertState rows): each change is one guarded statement that answers whether
// this caller made the change, so two processes never both announce the same crossing.
import type { Db } from "@/lib/db";

async function ensureRow(db: Db, key: string, now: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "AlertState" (key, active, streak, "updatedAt") VALUES (${key}, false, 0, ${now.toISOString()}::timestamp(3))
    ON CONFLICT (key) DO NOTHING`;
}

/** Sets the key's `active` flag; true when it was the other way before (this call crossed). */
export async function switchAlertState(db: Db, key: string, active: boolean, now: Date): Promise<boolean> {
  await ensureRow(db, key, now);
  const changed = await db.$executeRaw`
    UPDATE "AlertState" SET active = ${active}, "updatedAt" = ${now.toISOString()}::timestamp(3)
    WHERE key = ${key} AND active <> ${active}`;
  return changed > 0;
}

/** Adds one to the key's streak (a failure) or resets it (a success); answers the new streak. */
export async function countStreak(db: Db, key: string, failed: boolean, now: Date): Promise<{ streak: number; active: boolean }> {
  await ensureRow(db, key, now);
  const rows = await db.$queryRaw<{ streak: number; active: boolean }[]>`
    UPDATE "AlertState"
    SET streak = CASE WHEN ${failed} THEN streak + 1 ELSE 0 END,
        active = CASE WHEN ${failed} THEN active ELSE false END,
        "updatedAt" = ${now.toISOString()}::timestamp(3)
    WHERE key = ${key}
    RETURNING streak, active`;
  return rows[0] ?? { streak: 0, active: false };
}

/**
 * Claims the key's slot for today (UTC): true when nothing was sent today yet. `release` gives the
 * slot back (the post failed), so the next run tries again.
 */
export async function claimDailySlot(db: Db, key: string, now: Date): Promise<{ claimed: false } | { claimed: true; release: () => Promise<void> }> {
  await ensureRow(db, key, now);
  const stamp = now.toISOString();
  const rows = await db.$queryRaw<{ prev: Date | null }[]>`
    WITH prev AS (SELECT "lastSentAt" FROM "AlertState" WHERE key = ${key} FOR UPDATE)
    UPDATE "AlertState" s SET "lastSentAt" = ${stamp}::timestamp(3), "updatedAt" = ${stamp}::timestamp(3)
    FROM prev
    WHERE s.key = ${key} AND (prev."lastSentAt" IS NULL OR prev."lastSentAt"::date < ${stamp}::timestamp(3)::date)
    RETURNING prev."lastSentAt" AS prev`;
  const row = rows[0];
  if (!row) return { claimed: false };
  return {
    claimed: true,
    release: async () => {
      await db.$executeRaw`
        UPDATE "AlertState" SET "lastSentAt" = ${row.prev?.toISOString() ?? null}::timestamp(3)
        WHERE key = ${key} AND "lastSentAt" = ${stamp}::timestamp(3)`;
    },
  };
}
