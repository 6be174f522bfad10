// Sandbox webhooks are signed like Stripe's: HMAC-SHA256 over "<unix seconds>.<raw body>", sent as
// `Sandbox-Signature: t=<unix>,v1=<hex>`; checked in constant time and within a replay window.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SANDBOX_SIGNATURE_HEADER = "sandbox-signature";
export const SANDBOX_SIGNATURE_TOLERANCE_SECONDS = 300;

export function signSandboxPayload(body: string, secret: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** True when the header carries a valid signature of `body`, made within the tolerance of `now`. */
export function isValidSandboxSignature(body: string, header: string | null, secret: string, now: Date): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const piece of header.split(",")) {
    const i = piece.indexOf("=");
    if (i <= 0) continue;
    const key = piece.slice(0, i).trim();
    parts.set(key, [...(parts.get(key) ?? []), piece.slice(i + 1).trim()]);
  }
  const t = Number(parts.get("t")?.[0]);
  if (!Number.isInteger(t)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > SANDBOX_SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return (parts.get("v1") ?? []).some((hex) => {
    if (!/^[0-9a-f]{64}$/.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, "hex"), expected);
  });
}
