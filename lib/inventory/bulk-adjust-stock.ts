// All-or-nothing stock import (admin bulk edit, CSV, an ERP push): every row is resolved and checked
// first, then one engine call (inv_bulk_adjust) applies all rows under item locks taken in id order,
// or none of them.
import { AppError, type ErrorCode } from "@/lib/errors";
import { stockBelowReservedError, stockOutOfRangeError } from "@/lib/inventory/adjust-stock";
import { actorArgs, type Actor } from "@/lib/inventory/actor";
import { findItemsForStore } from "@/lib/inventory/find-item-for-store";
import { readInventoryCsv } from "@/lib/inventory/inventory-csv";
import { MAX_BULK_ROWS, MAX_STOCK } from "@/lib/inventory/schemas";
import type { SqlClient, SqlDeps } from "@/lib/inventory/sql-client";
import { traceOperation } from "@/lib/observability/trace-operation";

export type BulkAdjustRow = {
  sku: string;
  stock?: number;
  adjust?: number;
  lowStockThreshold?: number | null;
  /** Compare-and-set: the row fails (STOCK_CHANGED) unless the stock is still this. */
  expectedStock?: number;
  /** The source line (CSV), echoed in row errors. */
  line?: number;
};

/** One failed row: `row` is its 1-based index in the input. */
export type BulkRowError = { row: number; sku: string; code: ErrorCode; message: string; line?: number; stock?: number };

export type BulkAdjustArgs = { storeId: string; rows: readonly BulkAdjustRow[]; reason: string; actor: Actor };

type FailedRow = { row_index: number; error_code: string; stock: number | null; reserved: number | null };

const isInt = (v: unknown, min: number, max: number) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/** The shape of a row, independent of the database: the message of its first problem, or null. */
function rowShapeProblem(r: BulkAdjustRow): string | null {
  if (typeof r.sku !== "string" || r.sku.trim() === "" || r.sku.length > 100) return "sku must be 1 to 100 characters.";
  if (r.stock !== undefined && r.adjust !== undefined) return "Give either stock or adjust, not both.";
  if (r.stock === undefined && r.adjust === undefined && r.lowStockThreshold === undefined)
    return "Give stock, adjust or lowStockThreshold.";
  if (r.stock !== undefined && !isInt(r.stock, 0, MAX_STOCK)) return `stock must be an integer from 0 to ${MAX_STOCK}.`;
  if (r.expectedStock !== undefined && !isInt(r.expectedStock, 0, MAX_STOCK))
    return `expectedStock must be an integer from 0 to ${MAX_STOCK}.`;
  if (r.adjust !== undefined && !isInt(r.adjust, -MAX_STOCK, MAX_STOCK))
    return `adjust must be an integer from ${-MAX_STOCK} to ${MAX_STOCK}.`;
  if (r.lowStockThreshold !== undefined && r.lowStockThreshold !== null && !isInt(r.lowStockThreshold, 0, MAX_STOCK)) {
    return `lowStockThreshold must be an integer from 0 to ${MAX_STOCK}, or null.`;
  }
  return null;
}

function rowError(rows: readonly BulkAdjustRow[], index: number, code: ErrorCode, message: string): BulkRowError {
  const r = rows[index];
  return { row: index + 1, sku: r?.sku ?? "", code, message, ...(r?.line !== undefined ? { line: r.line } : {}) };
}

/** 400 when any row is malformed, unknown or not this store's to change; else 409. */
function bulkRejected(errors: BulkRowError[]): AppError {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  const clientError = sorted.some((e) => e.code !== "STOCK_BELOW_RESERVED" && e.code !== "STOCK_CHANGED");
  const n = sorted.length;
  const what = `${n} ${n === 1 ? "row" : "rows"}`;
  if (clientError) return new AppError("INVALID_INPUT", `Nothing was applied: ${what} cannot be applied.`, { rows: sorted });
  const changed = sorted.filter((e) => e.code === "STOCK_CHANGED");
  if (changed.length > 0) {
    return new AppError(
      "STOCK_CHANGED",
      `Nothing was applied: the stock of ${changed.length} ${changed.length === 1 ? "row" : "rows"} is no longer the expectedStock.`,
      {
        rows: sorted,
        ...(changed.length === 1 ? { stock: changed[0]!.stock } : {}),
      },
    );
  }
  return new AppError("STOCK_BELOW_RESERVED", `Nothing was applied: ${what} would leave stock below what is held.`, {
    rows: sorted,
  });
}

export async function bulkAdjustStock(deps: SqlDeps, input: BulkAdjustArgs): Promise<{ updated: number }> {
  return traceOperation("inventory.bulk_adjust", { "shop.store_id": input.storeId, "shop.sku_count": input.rows.length }, () =>
    applyBulkAdjust(deps, input),
  );
}

async function applyBulkAdjust(deps: SqlDeps, input: BulkAdjustArgs): Promise<{ updated: number }> {
  const { rows } = input;
  if (rows.length === 0) return { updated: 0 };
  if (rows.length > MAX_BULK_ROWS) {
    throw new AppError("INVALID_INPUT", `At most ${MAX_BULK_ROWS} rows per import (got ${rows.length}).`, {
      limit: MAX_BULK_ROWS,
    });
  }

  const errors: BulkRowError[] = [];
  const firstRowOfSku = new Map<string, number>();
  rows.forEach((r, i) => {
    const problem = rowShapeProblem(r);
    if (problem) return void errors.push(rowError(rows, i, "INVALID_INPUT", problem));
    const first = firstRowOfSku.get(r.sku);
    if (first !== undefined) {
      return void errors.push(
        rowError(rows, i, "INVALID_INPUT", `SKU "${r.sku}" appears more than once (first on row ${first + 1}).`),
      );
    }
    firstRowOfSku.set(r.sku, i);
  });

  const items = await findItemsForStore(deps, { storeId: input.storeId, skus: [...firstRowOfSku.keys()] });
  const payload: Array<Record<string, unknown>> = [];
  for (const [sku, i] of firstRowOfSku) {
    const r = rows[i]!;
    const item = items.get(sku);
    if (!item) {
      errors.push(rowError(rows, i, "NOT_FOUND", `No inventory item with SKU "${sku}" in this store.`));
      continue;
    }
    if (!item.owned) {
      errors.push(rowError(rows, i, "FORBIDDEN", `SKU "${sku}" is stock of another store; only its owner can change it.`));
      continue;
    }
    // Levels under what is held or under zero are decided by the engine, under the item's lock
    // (lapsed holds are reclaimed first), and come back as STOCK_BELOW_RESERVED row errors.
    payload.push({
      itemId: item.id,
      row: i + 1,
      ...(r.stock !== undefined ? { stock: r.stock } : {}),
      ...(r.adjust !== undefined ? { adjust: r.adjust } : {}),
      ...(r.lowStockThreshold !== undefined ? { lowStockThreshold: r.lowStockThreshold } : {}),
      ...(r.expectedStock !== undefined ? { expectedStock: r.expectedStock } : {}),
    });
  }
  if (errors.length > 0) throw bulkRejected(errors);

  const a = actorArgs(input.actor);
  const failed = await deps.db.$queryRaw<FailedRow[]>`
    SELECT row_index, error_code, stock, reserved FROM inv_bulk_adjust(
      ${JSON.stringify(payload)}::jsonb, ${a.type}::"ActorType", ${a.id}, ${a.label}, ${input.reason},
      ${deps.now.toISOString()}::timestamp(3))`;
  if (failed.length > 0) {
    throw bulkRejected(
      failed.map((f) => {
        const i = f.row_index - 1;
        const r = rows[i];
        const sku = r?.sku ?? "";
        if (f.error_code === "STOCK_CHANGED") {
          const stock = f.stock ?? 0;
          return {
            ...rowError(rows, i, "STOCK_CHANGED", `Stock of "${sku}" is ${stock}, no longer ${r?.expectedStock}.`),
            stock,
          };
        }
        const stock = f.stock ?? 0;
        if (f.error_code === "STOCK_OUT_OF_RANGE")
          return rowError(rows, i, "STOCK_OUT_OF_RANGE", stockOutOfRangeError(sku, stock).message);
        if (f.error_code !== "STOCK_BELOW_RESERVED")
          return rowError(rows, i, "NOT_FOUND", `No inventory item with SKU "${sku}" in this store.`);
        const requested = r?.stock ?? stock + (r?.adjust ?? 0);
        return rowError(
          rows,
          i,
          "STOCK_BELOW_RESERVED",
          stockBelowReservedError(sku, { stock, reserved: f.reserved ?? 0, requested }).message,
        );
      }),
    );
  }
  return { updated: payload.length };
}

/**
 * `text/csv` with the header `sku,stock[,lowStockThreshold]` (any column order; an empty threshold
 * cell leaves the threshold as it is), read by lib/inventory/inventory-csv.ts — the reader the
 * import preview uses too. Row errors name their line in the file.
 */
export function parseInventoryCsv(text: string): { rows: BulkAdjustRow[]; errors: BulkRowError[] } {
  const csv = readInventoryCsv(text);
  if (csv.problem) {
    const { message, line } = csv.problem;
    return { rows: [], errors: [{ row: 0, sku: "", code: "INVALID_INPUT", message, ...(line !== undefined ? { line } : {}) }] };
  }
  const rows: BulkAdjustRow[] = [];
  const errors: BulkRowError[] = [];
  for (const r of csv.records) {
    if (r.skipped) continue;
    if (r.value) rows.push({ ...r.value, line: r.line });
    else
      errors.push({
        row: r.row,
        sku: r.cells.sku,
        code: "INVALID_INPUT",
        message: `Line ${r.line}: ${r.problem ?? "the row cannot be read."}`,
        line: r.line,
      });
  }
  return { rows, errors };
}

class ValidateRollback extends Error {
  constructor(readonly result: { updated: number }) {
    super("validate-only bulk import: rolled back");
  }
}

/**
 * Validate-only import (`?validate=1`): exactly bulkAdjustStock, inside a transaction that is always
 * rolled back — so the per-row answer is the import's own, and nothing (stock, ledger rows, outbox
 * events, waitlist offers written by the engine's triggers) survives. Inside a caller's transaction
 * (the idempotency guard) a savepoint is rolled back instead. Resolves to { updated } (the rows the
 * import would apply) or throws the import's row errors.
 */
export async function validateBulkAdjust(
  db: SqlClient & { $transaction?: unknown },
  now: Date,
  input: BulkAdjustArgs,
): Promise<{ updated: number }> {
  if (typeof db.$transaction === "function") {
    const run = (db.$transaction as (fn: (tx: SqlClient) => Promise<never>, o?: { timeout?: number }) => Promise<never>).bind(db);
    try {
      return await run(async (tx) => {
        throw new ValidateRollback(await bulkAdjustStock({ db: tx, now }, input));
      }, { timeout: 20_000 });
    } catch (e) {
      if (e instanceof ValidateRollback) return e.result;
      throw e;
    }
  }
  await db.$executeRaw`SAVEPOINT bulk_validate`;
  try {
    return await bulkAdjustStock({ db, now }, input);
  } finally {
    await db.$executeRaw`ROLLBACK TO SAVEPOINT bulk_validate`;
  }
}
