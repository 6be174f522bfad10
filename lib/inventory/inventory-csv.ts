// The one reader of inventory CSV files (header `sku,stock[,lowStockThreshold]`, any column order,
// plus the read-only columns of the export), shared by the import route on the server
// (parseInventoryCsv) and the import dialog's preview in the browser (components/admin/csv-preview.ts),
// so the preview and the server always read a file the same way: the same CSV parser (csv-parse's
// browser build, which carries what it needs from Node and runs in both), the same header rules,
// the same cell checks and the same line numbers. Pure: no database, no Node built-ins.
import { parse } from "csv-parse/browser/esm/sync";
import { MAX_BULK_ROWS, MAX_STOCK } from "@/lib/inventory/schemas";

export const CSV_COLUMNS = ["sku", "stock", "lowStockThreshold"] as const;

/** Read-only columns of the CSV export (`GET admin/inventory.csv`): accepted and ignored on import,
 * so an exported file can be edited and imported back as it is. */
export const EXPORT_ONLY_COLUMNS = ["reserved", "available", "state", "owned", "productTitle", "variantTitle"] as const;

export type InventoryCsvRecord = {
  /** 1-based data row (the header is row 0). */
  row: number;
  /** The file line the record ends on (blank lines are skipped but counted; a quoted line break counts). */
  line: number;
  /** The cells as written (trimmed). */
  cells: { sku: string; stock: string; lowStockThreshold: string };
  /** A row of an exported file that this store only lists (`owned` false, a supplier's item): not ours to set, ignored. */
  skipped: boolean;
  /** What the row sets, when it can be read. */
  value: { sku: string; stock: number; lowStockThreshold?: number } | null;
  /** Why the row cannot be read (without its line), or null. */
  problem: string | null;
};

export type InventoryCsv = {
  columns: string[];
  records: InventoryCsvRecord[];
  /** A problem of the whole file (unreadable, empty, wrong header, too many rows): no records then. */
  problem: { message: string; line?: number } | null;
};

export function readInventoryCsv(text: string): InventoryCsv {
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    const line = typeof (e as { lines?: unknown }).lines === "number" ? (e as { lines: number }).lines : undefined;
    const message = e instanceof Error ? e.message : "The CSV could not be read.";
    return { columns: [], records: [], problem: { message, ...(line !== undefined ? { line } : {}) } };
  }
  const [header, ...body] = parsed;
  if (!header) return { columns: [], records: [], problem: { message: "The CSV is empty.", line: 1 } };

  const known: readonly string[] = [...CSV_COLUMNS, ...EXPORT_ONLY_COLUMNS];
  const columns = header.record.map((c) => known.find((k) => k.toLowerCase() === c.toLowerCase()) ?? c);
  const unknown = columns.filter((c) => !known.includes(c));
  const missing = ["sku", "stock"].filter((c) => !columns.includes(c));
  const duplicated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (unknown.length || missing.length || duplicated.length) {
    const parts = [
      missing.length ? `missing ${missing.join(", ")}` : "",
      unknown.length ? `unknown ${unknown.map((c) => `"${c}"`).join(", ")}` : "",
      duplicated.length ? `repeated ${duplicated.join(", ")}` : "",
    ].filter(Boolean);
    return {
      columns,
      records: [],
      problem: { message: `The header must be sku,stock[,lowStockThreshold] (${parts.join("; ")}).`, line: header.info.lines },
    };
  }
  if (body.length > MAX_BULK_ROWS) {
    return { columns, records: [], problem: { message: `At most ${MAX_BULK_ROWS} rows per import (got ${body.length}).` } };
  }

  const at = (name: string) => columns.indexOf(name);
  const records = body.map(({ record, info }, i): InventoryCsvRecord => {
    const cell = (name: string) => (at(name) >= 0 ? (record[at(name)] ?? "") : "");
    const cells = { sku: cell("sku"), stock: cell("stock"), lowStockThreshold: cell("lowStockThreshold") };
    const base = { row: i + 1, line: info.lines, cells };
    if (cell("owned").toLowerCase() === "false") return { ...base, skipped: true, value: null, problem: null };
    const fail = (problem: string): InventoryCsvRecord => ({ ...base, skipped: false, value: null, problem });
    if (record.length > columns.length) return fail(`the row has ${record.length} cells; the header has ${columns.length}.`);
    if (cells.sku === "" || cells.sku.length > 100) return fail("sku must be 1 to 100 characters.");
    const stock = parseIntCell(cells.stock, 0, MAX_STOCK);
    if (stock === null) return fail(`stock must be an integer from 0 to ${MAX_STOCK}.`);
    const threshold = cells.lowStockThreshold === "" ? undefined : parseIntCell(cells.lowStockThreshold, 0, MAX_STOCK);
    if (threshold === null) return fail(`lowStockThreshold must be empty or an integer from 0 to ${MAX_STOCK}.`);
    return {
      ...base,
      skipped: false,
      value: { sku: cells.sku, stock, ...(threshold !== undefined ? { lowStockThreshold: threshold } : {}) },
      problem: null,
    };
  });
  return { columns, records, problem: null };
}

function parseIntCell(s: string, min: number, max: number): number | null {
  if (!/^[+-]?\d{1,9}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}
