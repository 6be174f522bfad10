// Who may run the jobs over HTTP: exactly `Authorization: Bearer $CRON_SECRET` (Vercel Cron's
// header), compared in constant time. An unset secret refuses everything, and a request that puts
// a secret in its query string is refused even with a good header (query strings end up in logs).
import { createHash, timingSafeEqual } from "node:crypto";

const SECRET_LIKE_PARAMS = /^(secret|cron_?secret|token|key|api_?key|auth|authorization|password)$/i;

export function isCronRequestAuthorized(input: { authorization: string | null; url: string; secret: string | undefined }): boolean {
  const { secret } = input;
  if (!secret) return false;
  const query = new URL(input.url).searchParams;
  for (const [name, value] of query) {
    if (SECRET_LIKE_PARAMS.test(name) || value.includes(secret)) return false;
  }
  const m = /^Bearer (.+)$/.exec(input.authorization ?? "");
  if (!m) return false;
  // Hash both sides: equal lengths for timingSafeEqual, and no length leak.
  const given = createHash("sha256").update(m[1]!).digest();
  const expected = createHash("sha256").update(secret).digest();
  return timingSafeEqual(given, expected);
}
