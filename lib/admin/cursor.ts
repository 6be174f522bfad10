// Opaque page cursors: base64url JSON of the last row's sort key. A tampered cursor is a 400.
import { AppError } from "@/lib/errors";
import { isHostileText } from "@/lib/schemas/text";

/** The longest field a cursor of ours carries (ids, SKUs, ISO timestamps). */
const MAX_CURSOR_FIELD = 200;

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === "string" && k.length <= MAX_CURSOR_FIELD && !isHostileText(k)))
      return key as string[];
  } catch {
    // fall through
  }
  throw invalidCursor();
}

/**
 * One page of a keyset query that asked for `limit + 1` rows: the first `limit` rows, and the cursor
 * after the last of them when the extra row says there are more (null on the last page).
 */
export function keysetPage<R>(rows: R[], limit: number, cursorAfter: (last: R) => string): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null };
}

export function invalidCursor(): AppError {
  return new AppError("INVALID_INPUT", "The cursor is not valid; use the nextCursor of the previous page.", {
    fields: [{ path: "cursor", message: "Invalid cursor." }],
  });
}

/** A timestamp field of a cursor as we write it (toISOString, years 0001..9999), or a 400. */
export function cursorDate(value: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString() !== value) throw invalidCursor();
  return d;
}

/** A LIKE pattern matching `text` anywhere, with its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
