// The one text schema every string input goes through (route params, query strings, JSON and CSV
// fields, form fields): bounded in length, and refusing the characters PostgreSQL cannot store or
// that no honest client sends: NUL (PostgreSQL text cannot hold it: SQLSTATE 22P05) and unpaired
// UTF-16 surrogates (not Unicode at all: they would be stored as U+FFFD or refused). Shared by the
// server's parsers and the API client (the same schema on both sides of the wire).
import { z } from "zod";
import { HOSTILE_TEXT_MESSAGE, isHostileText } from "@/lib/schemas/hostile-text";

export { HOSTILE_TEXT_MESSAGE, isHostileText };

export type TextOptions = { min?: number; max: number; trim?: boolean; minMessage?: string };

/** A string of at most `max` (and at least `min`) characters, NUL and lone surrogates refused; trimmed unless trim: false. */
export function text({ min, max, trim = true, minMessage }: TextOptions) {
  let s = z.string().refine((v) => !isHostileText(v), { message: HOSTILE_TEXT_MESSAGE });
  // Checked before trimming too: a megabyte of spaces is refused, not trimmed.
  s = s.refine((v) => v.length <= max * 4 + 64, { message: `At most ${max} characters.`, abort: true });
  const t = trim ? s.trim() : s;
  const bounded = t.max(max);
  return min === undefined ? bounded : bounded.min(min, minMessage ? { message: minMessage } : undefined);
}

/** An opaque id (a route parameter or a JSON field): 1..max characters, no trimming. */
export function idText(max = 64) {
  return text({ min: 1, max, trim: false });
}

/** Walks a parsed JSON value: the first string (or key) with a NUL or lone surrogate, as a path, or null. */
export function findHostileText(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === "string") return isHostileText(value) ? path : null;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findHostileText(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (isHostileText(k)) return [...path, k];
    const found = findHostileText(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}
