import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInventoryCsv } from "@/lib/inventory/bulk-adjust-stock";
import { previewInventoryCsv } from "./csv-preview";

describe("previewInventoryCsv", () => {
  it("reads quoted fields with commas, quotes and line breaks, CRLF or LF, a byte-order mark, and skips blank lines", () => {
    for (const eol of ["\n", "\r\n"]) {
      const p = previewInventoryCsv(["\uFEFFsku,stock", '"A,1",5', '"say ""hi""",2', "", '"multi\nline",3'].join(eol));
      expect(p.problem).toBeNull();
      expect(p.rows.map((r) => [r.line, r.sku, r.stock, r.problem])).toEqual([
        [2, "A,1", "5", null],
        [3, 'say "hi"', "2", null],
        [6, "multi\nline", "3", null],
      ]);
    }
    // The parser takes the line ending of the header: in a file that mixes them, a bare LF is inside a
    // cell, and the row is refused by the preview as by the server.
    expect(previewInventoryCsv('sku,stock\r\n"A,1",5\nB,2').rows.map((r) => r.problem)).toEqual([
      "The row has 3 cells; the header has 2.",
    ]);
    expect(parseInventoryCsv('sku,stock\r\n"A,1",5\nB,2').errors).toHaveLength(1);
  });
  it("maps columns by header name, numbers rows by file line and flags what the API will refuse", () => {
    const p = previewInventoryCsv("stock,SKU,lowStockThreshold\n5,A,\n-1,B,\n3,,\n2,A,\n,C,\n1.5,D,\n7,E,x\n8,F,1,extra");
    expect(p.problem).toBeNull();
    expect(p.rows.map((r) => [r.line, r.sku, r.stock, r.problem])).toEqual([
      [2, "A", "5", null],
      [3, "B", "-1", "Stock must be an integer from 0 to 1000000."],
      [4, "", "3", "Sku must be 1 to 100 characters."],
      [5, "A", "2", "This SKU appears twice."],
      [6, "C", "", "Stock must be an integer from 0 to 1000000."],
      [7, "D", "1.5", "Stock must be an integer from 0 to 1000000."],
      [8, "E", "7", "LowStockThreshold must be empty or an integer from 0 to 1000000."],
      [9, "F", "8", "The row has 4 cells; the header has 3."],
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
  it("refuses a file without the header, an empty one, one with no rows, and one the CSV parser cannot read", () => {
    expect(previewInventoryCsv("A,5\nB,6").problem).toMatch(/header/);
    expect(previewInventoryCsv("sku,qty\nA,1").problem).toMatch(/header/);
    expect(previewInventoryCsv("").problem).toMatch(/empty/);
    expect(previewInventoryCsv("sku,stock\n").problem).toMatch(/no rows/);
    expect(previewInventoryCsv('sku,stock\n"A,1\n').problem).toMatch(/quote/i);
  });
  it("accepts an exported file as it is and marks the rows of items the store only lists as skipped", () => {
    const p = previewInventoryCsv(
      "sku,stock,reserved,available,state,owned\nMINE,4,1,3,in_stock,true\nTHEIRS,9,0,9,in_stock,false\n",
    );
    expect(p.rows.map((r) => [r.sku, r.skipped, r.problem])).toEqual([
      ["MINE", false, null],
      ["THEIRS", true, null],
    ]);
  });

  // The point of one reader: whatever the file, the preview flags exactly the rows the server's
  // CSV step refuses, on the same lines, and lets through exactly the rows it reads.
  it("agrees with the server's CSV reading on any file", () => {
    const cell = fc.oneof(
      fc.constantFrom(
        "",
        "A",
        "B",
        "a b",
        "0",
        "7",
        "-1",
        "+3",
        "1.5",
        "1000001",
        "x",
        '"q,1"',
        '"multi\nline"',
        '"say ""hi"""',
        " 5 ",
      ),
      fc.string({ maxLength: 4 }),
    );
    const header = fc.constantFrom("sku,stock", "stock,sku", "sku,stock,lowStockThreshold", "SKU,Stock,owned", "sku,qty", "");
    const file = fc
      .tuple(header, fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 8 }), fc.constantFrom("\n", "\r\n"))
      .map(([h, rows, eol]) => [h, ...rows.map((r) => r.join(","))].join(eol));
    fc.assert(
      fc.property(file, (text) => {
        const preview = previewInventoryCsv(text);
        const server = parseInventoryCsv(text);
        if (server.errors.some((e) => e.row === 0)) {
          expect(preview.problem).not.toBeNull();
          return;
        }
        if (preview.problem) {
          expect(server.rows).toEqual([]);
          expect(server.errors).toEqual([]);
          return;
        }
        const flagged = preview.rows.filter((r) => r.problem && r.problem !== "This SKU appears twice.").map((r) => r.line);
        expect(flagged).toEqual(server.errors.map((e) => e.line));
        const readable = preview.rows
          .filter((r) => !r.skipped && (!r.problem || r.problem === "This SKU appears twice."))
          .map((r) => [r.line, r.sku]);
        expect(readable).toEqual(server.rows.map((r) => [r.line, r.sku]));
      }),
      { numRuns: 300 },
    );
  });
});
