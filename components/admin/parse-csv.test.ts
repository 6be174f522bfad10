import { describe, expect, it } from "vitest";
import { parseCsvRecords, previewInventoryCsv } from "./parse-csv";

describe("parseCsvRecords", () => {
  it("reads quoted fields with commas, quotes and line breaks, CRLF or LF, and skips blank lines", () => {
    expect(parseCsvRecords('sku,stock\r\n"A,1",5\n"say ""hi""",2\n\n"multi\nline",3')).toEqual([
      ["sku", "stock"],
      ["A,1", "5"],
      ['say "hi"', "2"],
      ["multi\nline", "3"],
    ]);
  });
  it("drops a byte-order mark", () => {
    expect(parseCsvRecords("\uFEFFsku,stock\nA,1\n")).toEqual([
      ["sku", "stock"],
      ["A", "1"],
    ]);
  });
});

describe("previewInventoryCsv", () => {
  it("maps columns by header name, numbers rows by file line and flags what the API will refuse", () => {
    const p = previewInventoryCsv("stock,SKU,lowStockThreshold\n5,A,\n-1,B,\n3,,\n2,A,\n,C,\n1.5,D,\n7,E,x");
    expect(p.problem).toBeNull();
    expect(p.rows.map((r) => [r.line, r.sku, r.stock, r.problem])).toEqual([
      [2, "A", "5", null],
      [3, "B", "-1", "Stock must be a whole number, 0 or more."],
      [4, "", "3", "No SKU."],
      [5, "A", "2", "This SKU appears twice."],
      [6, "C", "", "Nothing to change."],
      [7, "D", "1.5", "Stock must be a whole number, 0 or more."],
      [8, "E", "7", "The threshold must be a whole number, 0 or more."],
    ]);
  });
  it("numbers rows by the line they end on, as the API's CSV reader does (blank and multi-line rows)", () => {
    const p = previewInventoryCsv('sku,stock\n\nA,1\n"B\nX",2\nC,3\n');
    expect(p.rows.map((r) => [r.sku, r.line])).toEqual([
      ["A", 3],
      ["B\nX", 5],
      ["C", 6],
    ]);
  });
  it("refuses a file without the header", () => {
    expect(previewInventoryCsv("A,5\nB,6").problem).toMatch(/header/);
    expect(previewInventoryCsv("").problem).toMatch(/empty/);
    expect(previewInventoryCsv("sku,stock\n").problem).toMatch(/no rows/);
  });
});
