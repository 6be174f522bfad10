// Bucket keys carry no personal data: the subject (an IP address, an email, a cart token) is hashed.
import { createHash } from "node:crypto";

/** `name:<first 32 hex of sha256(subject)>`; the same subject always maps to the same bucket. */
export function rateLimitKey(name: string, subject: string): string {
  return `${name}:${createHash("sha256").update(subject).digest("hex").slice(0, 32)}`;
}
