// Keeps secrets out of the logs whatever a caller passes: fields named like a secret are replaced,
// and strings are cleaned of bearer tokens, credentials in URLs, API keys, JWTs, session cookies
// and card numbers. Applied to every log line (fields, error objects and the message).

export const REDACTED = "[redacted]";

/** Field names whose values are never logged, at any depth. */
const SECRET_KEY =
  /(password|passwd|passphrase|secret|token|authori[sz]ation|cookie|api[-_]?key|signature|credential|private[-_]?key|cvc|cvv|card[-_]?number|^card$|^pan$|^otp$)/i;

const STRING_RULES: [RegExp, string | ((m: string, ...g: string[]) => string)][] = [
  // Authorization header values.
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  // user:password@ in connection strings and URLs.
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, `$1:${REDACTED}@`],
  // Provider keys and webhook secrets (Stripe style), and our own API tokens.
  [/\b(sk|rk|pk|whsec|shop)_(live_|test_)?[A-Za-z0-9_-]{8,}/g, `$1_${REDACTED}`],
  // JSON Web Tokens (and Auth.js JWE session tokens).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_.-]{5,}/g, REDACTED],
  // Cookie pairs of session, CSRF and cart cookies.
  [/\b([\w.-]*(session|csrf|token|cart)[\w.-]*)=[^;\s,"]+/gi, `$1=${REDACTED}`],
  // key=value / key: value pairs that name a secret.
  [/\b((?:password|passwd|secret|token|api[-_]?key|signature)["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi, `$1${REDACTED}`],
  // Card numbers: 13–19 digits, optionally grouped, that pass the Luhn check.
  [/\b\d(?:[ -]?\d){12,18}\b/g, (m) => (isLuhnValid(m.replace(/[ -]/g, "")) ? "[card]" : m)],
];

export function isLuhnValid(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Every rule below needs one of these; most log strings (routes, ids, codes) have none. */
const MIGHT_HOLD_A_SECRET = /[=:_]|bearer|basic|token|eyJ|\d(?:[ -]?\d){12}/i;

export function scrubString(s: string): string {
  if (!MIGHT_HOLD_A_SECRET.test(s)) return s;
  let out = s;
  for (const [re, to] of STRING_RULES) out = out.replace(re, to as string);
  return out;
}

const MAX_DEPTH = 8;

/** A copy of value with secret fields redacted and strings cleaned; never mutates its input. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubString(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[depth]";
  if (value instanceof Date) return value;
  if (value instanceof Error) return scrubValue(serializeError(value), depth);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Headers) return scrubValue(Object.fromEntries(value.entries()), depth);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== null && v !== undefined && typeof v !== "boolean" ? REDACTED : scrubValue(v, depth + 1);
  }
  return out;
}

/** An error as plain fields (type, message, code, stack, cause), secrets removed by scrubValue. */
export function serializeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { type: typeof e, message: String(e) };
  const out: Record<string, unknown> = { type: e.name, message: e.message };
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (e.stack) out.stack = e.stack;
  if (e.cause !== undefined) out.cause = e.cause instanceof Error ? serializeError(e.cause) : String(e.cause);
  return out;
}
