// Domain writes run on the process-wide client or inside a caller's transaction (the idempotency
// guard wraps a write in its own transaction, lib/idempotency): inTransaction works with either.
import type { Db, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type AnyDb = Db | Prisma.TransactionClient;
export type CatalogDeps = { db: AnyDb; now: Date };

export function inTransaction<T>(db: AnyDb, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if ("$transaction" in db && typeof db.$transaction === "function") return (db as Db).$transaction(fn, { timeout: 20_000 });
  return fn(db as Prisma.TransactionClient);
}

/** The unique index a write ran into (PostgreSQL 23505 / Prisma P2002), or null. */
export function uniqueViolationTarget(e: unknown): string | null {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === "object" && depth < 6; depth++) {
    const c = cur as { code?: unknown; meta?: { target?: unknown; constraint?: unknown; driverAdapterError?: unknown }; cause?: unknown; message?: unknown; constraint?: unknown };
    if (c.code === "P2002" || c.code === "23505") {
      const t = c.meta?.target ?? c.meta?.constraint ?? c.constraint;
      const text = Array.isArray(t) ? t.join(",") : typeof t === "string" ? t : JSON.stringify(c.meta ?? {}) + String(c.message ?? "");
      return text;
    }
    const kind = (c as { kind?: unknown }).kind;
    if (kind === "UniqueConstraintViolation") return JSON.stringify(c);
    cur = c.cause ?? c.meta?.driverAdapterError;
  }
  return null;
}

export function conflict(field: "slug" | "sku" | "store", message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError("CONFLICT", message, { field, ...extra });
}
