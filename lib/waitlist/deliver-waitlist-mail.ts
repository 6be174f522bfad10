// Delivers the waitlist's outbox (WaitlistMail rows the engine wrote with each offer): at most once
// per offer — a row is claimed (SENDING, in its own statement) before the SMTP call, so a crash
// mid-send never sends it twice; a refused send goes back to PENDING with a backoff (30 s, 1 min,
// 2 min … capped at 1 h) and is given up (FAILED) after MAX_MAIL_ATTEMPTS. An offer that ended
// before its mail went out is not mailed (SKIPPED). Called by the cleanup job and right after a
// request that may have made offers.
import type { Db } from "@/lib/db";
import type { MailTransport } from "@/lib/mail/transport";
import { checkDelaySeconds } from "@/lib/payments/backoff";
import { signClaimToken } from "@/lib/waitlist/claim-token";

export const MAX_MAIL_ATTEMPTS = 8;

export type WaitlistMailDeps = { db: Db; now: Date; transport: MailTransport; appUrl: string; secret: string };

type Claimed = {
  id: string;
  toEmail: string;
  attempts: number;
  entryId: string;
  entryStatus: string;
  offerHoldId: string | null;
  offeredQuantity: number | null;
  offerExpiresAt: Date | null;
  storeSlug: string;
  storeName: string;
  productTitle: string;
  variantTitle: string;
};

export type MailFigures = { sent: number; retried: number; failed: number; skipped: number };

export async function deliverWaitlistMail(deps: WaitlistMailDeps, options: { limit?: number; deadline?: number } = {}): Promise<MailFigures> {
  const figures: MailFigures = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  const limit = options.limit ?? 50;
  const batch = await deps.db.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT m.id FROM "WaitlistMail" m
      WHERE m.status = 'PENDING' AND m."nextAttemptAt" <= ${deps.now}::timestamp(3)
      ORDER BY m."nextAttemptAt", m.id LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE "WaitlistMail" m SET status = 'SENDING', attempts = m.attempts + 1
      FROM due WHERE m.id = due.id
      RETURNING m.id, m."toEmail", m.attempts, m."entryId"
    )
    SELECT c.id, c."toEmail", c.attempts, c."entryId", w.status::text AS "entryStatus", w."offerHoldId", w."offeredQuantity",
      w."offerExpiresAt", s.slug AS "storeSlug", s.name AS "storeName", p.title AS "productTitle", v.title AS "variantTitle"
    FROM claimed c
    JOIN "WaitlistEntry" w ON w.id = c."entryId"
    JOIN "Store" s ON s.id = w."storeId"
    JOIN "Variant" v ON v.id = w."variantId"
    JOIN "Product" p ON p.id = v."productId"
    ORDER BY c.id`;
  for (const m of batch) {
    if (m.entryStatus !== "OFFERED" || !m.offerHoldId || (m.offerExpiresAt && m.offerExpiresAt.getTime() <= deps.now.getTime())) {
      await deps.db.$executeRaw`UPDATE "WaitlistMail" SET status = 'SKIPPED', "lastError" = 'the offer ended before its mail went out' WHERE id = ${m.id}`;
      figures.skipped++;
      continue;
    }
    if (options.deadline !== undefined && Date.now() > options.deadline) {
      await deps.db.$executeRaw`UPDATE "WaitlistMail" SET status = 'PENDING', attempts = attempts - 1 WHERE id = ${m.id} AND status = 'SENDING'`;
      continue;
    }
    try {
      await deps.transport.send(offerMessage(deps, m));
      await deps.db.$executeRaw`UPDATE "WaitlistMail" SET status = 'SENT', "sentAt" = ${new Date()}, "lastError" = NULL WHERE id = ${m.id}`;
      figures.sent++;
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      if (m.attempts >= MAX_MAIL_ATTEMPTS) {
        await deps.db.$executeRaw`UPDATE "WaitlistMail" SET status = 'FAILED', "lastError" = ${error} WHERE id = ${m.id}`;
        figures.failed++;
      } else {
        const next = new Date(deps.now.getTime() + checkDelaySeconds(m.attempts - 1) * 1000);
        await deps.db.$executeRaw`UPDATE "WaitlistMail" SET status = 'PENDING', "nextAttemptAt" = ${next}, "lastError" = ${error} WHERE id = ${m.id}`;
        figures.retried++;
      }
    }
  }
  return figures;
}

/** True when some mail is due (a cheap probe before a delivery run). */
export async function hasDueWaitlistMail({ db, now }: { db: Db; now: Date }): Promise<boolean> {
  const rows = await db.$queryRaw<{ one: number }[]>`
    SELECT 1 AS one FROM "WaitlistMail" WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now}::timestamp(3) LIMIT 1`;
  return rows.length > 0;
}

export function claimUrl(appUrl: string, storeSlug: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/${encodeURIComponent(storeSlug)}/waitlist/claim?token=${encodeURIComponent(token)}`;
}

function offerMessage(deps: WaitlistMailDeps, m: Claimed) {
  const url = claimUrl(deps.appUrl, m.storeSlug, signClaimToken(deps.secret, m.entryId, m.offerHoldId!));
  const what = `${m.productTitle}${m.variantTitle ? ` (${m.variantTitle})` : ""}`;
  const until = m.offerExpiresAt ? m.offerExpiresAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "soon";
  const units = m.offeredQuantity ?? 1;
  const text = [
    `Good news: ${units} × ${what} is back at ${m.storeName}, and it is held for you.`,
    "",
    `Claim it before ${until}: ${url}`,
    "",
    "After that the units go to the next shopper in line.",
  ].join("\n");
  return { to: m.toEmail, subject: `Back in stock for you: ${what}`, text };
}
