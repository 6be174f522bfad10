// The characters no input may carry, as a plain predicate (no zod): NUL (PostgreSQL text cannot hold
// it: SQLSTATE 22P05 / 22021) and unpaired UTF-16 surrogates (not Unicode at all). Used by the text
// schema (text.ts) and by proxy.ts, which checks every page's URL before it renders.

export const HOSTILE_TEXT_MESSAGE = "Must not contain NUL bytes or unpaired surrogate characters.";

/** True when `s` has a NUL or an unpaired surrogate. */
export function isHostileText(s: string): boolean {
  return s.includes("\u0000") || !s.isWellFormed();
}
