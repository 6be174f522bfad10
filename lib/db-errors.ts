// Classifies database failures: "unavailable" ones (unreachable, restarting, pool exhausted,
// statement timeout) become 503 + Retry-After; anything else is a bug.

const UNAVAILABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "57014", // query_canceled (statement_timeout)
  "53300", // too_many_connections
  "53000", // insufficient_resources
  "55P03", // lock_not_available (lock_timeout)
  "40001", // serialization_failure (retryable)
  "40P01", // deadlock_detected (retryable; our lock order should prevent it)
]);

const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"]);

const UNAVAILABLE_MESSAGES = [
  /ECONNREFUSED/,
  /ECONNRESET/,
  /ETIMEDOUT/,
  /EPIPE/,
  /ENOTFOUND/,
  /EAI_AGAIN/,
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Client has encountered a connection error/i,
  /Connection refused/i,
  /canceling statement due to statement timeout/i,
  /Unable to start a transaction in the given time/i,
  /DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections/,
];

function* causes(e: unknown): Generator<Record<string, unknown>> {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === "object" && depth < 6; depth++) {
    yield cur as Record<string, unknown>;
    const c = cur as { cause?: unknown; originalError?: unknown; meta?: { driverAdapterError?: unknown } };
    cur = c.cause ?? c.meta?.driverAdapterError ?? c.originalError;
  }
}

export function isDatabaseUnavailable(e: unknown): boolean {
  for (const c of causes(e)) {
    const code = typeof c.code === "string" ? c.code : undefined;
    if (code && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_PRISMA_CODES.has(code))) return true;
    const original = (c as { originalCode?: unknown }).originalCode;
    if (typeof original === "string" && UNAVAILABLE_SQLSTATES.has(original)) return true;
    const kind = (c as { kind?: unknown }).kind;
    if (typeof kind === "string" && /NotReachable|ConnectionClosed|SocketTimeout|TooManyConnections|TransactionAlreadyClosed/.test(kind)) return true;
    const message = typeof c.message === "string" ? c.message : "";
    if (UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
    if (code && /^08/.test(code)) return true; // SQLSTATE class 08: connection exception
  }
  return false;
}

/** Prisma's codes for a value the database cannot take (too long, out of range, not a number). */
const INVALID_INPUT_PRISMA_CODES = new Set(["P2000", "P2007", "P2020", "P2033"]);
/** @prisma/adapter-pg's names for SQLSTATEs 22001, 22003 and 22P02. */
const INVALID_INPUT_KINDS = new Set(["LengthMismatch", "ValueOutOfRange", "InvalidInputValue"]);

/**
 * A value the client sent that the database refused as data: SQLSTATE class 22 (data exception:
 * NUL in text 22P05, out of range 22003/22008, bad format 22P02/22007, too long 22001…) and
 * Prisma's wrappers of them. The error mapper answers these 400 INVALID_INPUT, never 500.
 */
export function isInvalidInputFromDatabase(e: unknown): boolean {
  if (sqlState(e)?.startsWith("22")) return true;
  for (const c of causes(e)) {
    if (typeof c.code === "string" && INVALID_INPUT_PRISMA_CODES.has(c.code)) return true;
    const kind = (c as { kind?: unknown }).kind;
    if (typeof kind === "string" && INVALID_INPUT_KINDS.has(kind)) return true;
  }
  return false;
}

/** The SQLSTATE of a database error, looked up through Prisma's wrappers (never a Prisma P-code). */
export function sqlState(e: unknown): string | undefined {
  const isSqlState = (v: unknown): v is string => typeof v === "string" && /^[0-9A-Z]{5}$/.test(v) && !/^P\d{4}$/.test(v);
  for (const c of causes(e)) {
    const original = (c as { originalCode?: unknown }).originalCode;
    if (isSqlState(original)) return original;
    const metaCode = (c as { meta?: { code?: unknown } }).meta?.code;
    if (isSqlState(metaCode)) return metaCode;
    if (isSqlState(c.code)) return c.code;
  }
  return undefined;
}
