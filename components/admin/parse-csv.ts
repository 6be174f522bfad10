// Reads an inventory CSV (header `sku,stock[,lowStockThreshold]`) for the import preview: the rows
// as the admin wrote them, with the problems the API will refuse them for. The API decides; this
// only lets the admin see what they are about to send.

export type CsvPreviewRow = {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  sku: string;
  stock: string;
  lowStockThreshold: string;
  problem: string | null;
};

export type CsvPreview = { columns: string[]; rows: CsvPreviewRow[]; problem: string | null };

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsvRecords(text: string): string[][] {
  return parseCsvLines(text).map((r) => r.record);
}

/** The records with the file line each one ends on (blank lines are skipped but counted). */
export function parseCsvLines(text: string): { record: string[]; line: number }[] {
  const out: { record: string[]; line: number }[] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  const src = text.replace(/^\uFEFF/, "");
  const end = () => {
    record.push(field);
    if (!(record.length === 1 && record[0]?.trim() === "")) out.push({ record, line });
    record = [];
    field = "";
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      end();
      line++;
    } else field += c;
  }
  if (field !== "" || record.length > 0) end();
  return out;
}

const WHOLE = /^\d{1,9}$/;

export function previewInventoryCsv(text: string): CsvPreview {
  const records = parseCsvLines(text);
  const header = (records[0]?.record ?? []).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const skuAt = lower.indexOf("sku");
  const stockAt = lower.indexOf("stock");
  const thresholdAt = lower.findIndex((h) => h === "lowstockthreshold" || h === "low_stock_threshold" || h === "threshold");
  if (records.length === 0) return { columns: header, rows: [], problem: "The file is empty." };
  if (skuAt < 0 || (stockAt < 0 && thresholdAt < 0)) {
    return { columns: header, rows: [], problem: "The first line must be a header: sku,stock (and optionally lowStockThreshold)." };
  }
  const seen = new Set<string>();
  const rows = records.slice(1).map(({ record: r, line }): CsvPreviewRow => {
    const sku = (r[skuAt] ?? "").trim();
    const stock = stockAt >= 0 ? (r[stockAt] ?? "").trim() : "";
    const lowStockThreshold = thresholdAt >= 0 ? (r[thresholdAt] ?? "").trim() : "";
    let problem: string | null = null;
    if (!sku) problem = "No SKU.";
    else if (seen.has(sku)) problem = "This SKU appears twice.";
    else if (stock === "" && lowStockThreshold === "") problem = "Nothing to change.";
    else if (stock !== "" && !WHOLE.test(stock)) problem = "Stock must be a whole number, 0 or more.";
    else if (lowStockThreshold !== "" && !WHOLE.test(lowStockThreshold)) problem = "The threshold must be a whole number, 0 or more.";
    seen.add(sku);
    return { line, sku, stock, lowStockThreshold, problem };
  });
  return { columns: header, rows, problem: rows.length === 0 ? "The file has a header but no rows." : null };
}
