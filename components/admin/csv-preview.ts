// The import preview of an inventory CSV: the rows as the admin wrote them, each with the problem
// the API will refuse it for. The file is read by the server's own reader
// (lib/inventory/inventory-csv.ts: the same CSV parser, header rules, cell checks and line
// numbers), so the preview and the import always agree on what the file says. What only the
// database knows (an unknown SKU, stock below what is held) comes back from the import itself.
import { readInventoryCsv } from "@/lib/inventory/inventory-csv";

export type CsvPreviewRow = {
  /** The file line the row ends on (the header is line 1). */
  line: number;
  sku: string;
  stock: string;
  lowStockThreshold: string;
  /** A row of an exported file for an item this store only lists: the import ignores it. */
  skipped: boolean;
  problem: string | null;
};

export type CsvPreview = { columns: string[]; rows: CsvPreviewRow[]; problem: string | null };

export function previewInventoryCsv(text: string): CsvPreview {
  const csv = readInventoryCsv(text);
  if (csv.problem) return { columns: csv.columns, rows: [], problem: csv.problem.message };
  // The import refuses a SKU given twice (all rows are checked before any is applied).
  const seen = new Set<string>();
  const rows = csv.records.map((r): CsvPreviewRow => {
    let problem = r.problem ? r.problem.charAt(0).toUpperCase() + r.problem.slice(1) : null;
    if (!problem && !r.skipped) {
      if (seen.has(r.cells.sku)) problem = "This SKU appears twice.";
      seen.add(r.cells.sku);
    }
    return { line: r.line, ...r.cells, skipped: r.skipped, problem };
  });
  return { columns: csv.columns, rows, problem: rows.length === 0 ? "The file has a header but no rows." : null };
}
