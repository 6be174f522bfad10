// Admin API tokens are random secrets shown once; only their sha256 is stored (a lookup key that
// reveals nothing), plus a short prefix so people can tell them apart.
import { createHash, randomBytes } from "node:crypto";

export const API_TOKEN_PREFIX = "shop_";
/** Characters of the secret kept for display ("shop_" + 5). */
export const DISPLAY_PREFIX_LENGTH = 10;

const TOKEN_RE = /^shop_[A-Za-z0-9_-]{32,200}$/;

export function generateApiToken(): { secret: string; tokenHash: string; prefix: string } {
  const secret = `${API_TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`; // 32 chars, 192 bits
  return { secret, tokenHash: hashApiToken(secret), prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH) };
}

export function hashApiToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A cheap shape check before touching the database. */
export function isApiTokenFormat(value: string): boolean {
  return TOKEN_RE.test(value);
}
