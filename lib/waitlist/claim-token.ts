// The claim link's token: `<entry id>.<offer hold id>.<HMAC-SHA256>` (base64url), signed with the
// app's secret, so only the mail's recipient can claim and a token names exactly one offer.
import { createHmac, timingSafeEqual } from "node:crypto";

function mac(secret: string, entryId: string, holdId: string): string {
  return createHmac("sha256", secret).update(`waitlist-claim\u0000${entryId}\u0000${holdId}`).digest("base64url");
}

export function signClaimToken(secret: string, entryId: string, holdId: string): string {
  return `${entryId}.${holdId}.${mac(secret, entryId, holdId)}`;
}

/** The entry and hold a token names, or null when it is malformed or its signature is wrong. */
export function verifyClaimToken(secret: string, token: string): { entryId: string; holdId: string } | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [entryId, holdId, sig] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(entryId) || !/^[A-Za-z0-9_-]{1,64}$/.test(holdId)) return null;
  const want = Buffer.from(mac(secret, entryId, holdId));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  return { entryId, holdId };
}

/** The claim tokens' key: derived from AUTH_SECRET (development: a fixed one, like the session's). */
export function claimSecretOf(authSecret: string | undefined): string {
  return createHmac("sha256", authSecret ?? "development-only-waitlist-secret").update("waitlist-claim-key").digest("base64url");
}
