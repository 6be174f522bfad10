// The characters no input may carry, as a plain predicate (no zod): NUL (PostgreSQL text cannot hold
// it: SQLSTATE 22P05 / 22021) and unpaired UTF-16 surrogates (not Unicode at all). Used by the text
// schema (text.ts) and by proxy.ts, which checks every page's URL before it renders.

export const HOSTILE_TEXT_MESSAGE = "Must not contain NUL bytes or unpaired surrogate characters.";

/** True when `s` has a NUL or an unpaired surrogate. */
export function isHostileText(s: string): boolean {
  return s.includes("\u0000") || !s.isWellFormed();
}

/** What is wrong with a URL, for a 400: the message, and the field (`path`, a query key, or `query`). */
export type UrlProblem = { message: string; field: string; fieldMessage: string };

/**
 * A NUL, an unpaired surrogate or a malformed escape in a decoded path segment or query parameter,
 * or null when the URL is clean. One scan for API routes (lib/http/route.ts) and pages (proxy.ts).
 */
export function hostileUrlProblem(url: URL): UrlProblem | null {
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { message: "The URL has a malformed escape.", field: "path", fieldMessage: "Malformed escape." };
    }
    if (isHostileText(decoded)) return { message: `Invalid input: path: ${HOSTILE_TEXT_MESSAGE}`, field: "path", fieldMessage: HOSTILE_TEXT_MESSAGE };
  }
  for (const [key, value] of url.searchParams) {
    if (isHostileText(key) || isHostileText(value)) {
      const field = isHostileText(key) ? "query" : key;
      return { message: `Invalid input: ${field}: ${HOSTILE_TEXT_MESSAGE}`, field, fieldMessage: HOSTILE_TEXT_MESSAGE };
    }
  }
  return null;
}
