// CSV writing that is safe to open in a spreadsheet: RFC 4180 quoting, and text cells that a
// spreadsheet would run as a formula (= + - @, tab, CR) are prefixed with an apostrophe.
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(toCsvCell).join(",")}\r\n`;
}
