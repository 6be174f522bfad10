import { describe, expect, it } from "vitest";
import { toCsvCell, toCsvLine } from "@/lib/admin/csv";

describe("toCsvCell", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(toCsvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(toCsvCell("+1")).toBe("'+1");
    expect(toCsvCell("-2")).toBe("'-2");
    expect(toCsvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(toCsvCell("\tcmd")).toBe("'\tcmd");
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(toCsvCell("a,b")).toBe('"a,b"');
    expect(toCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsvCell("two\nlines")).toBe('"two\nlines"');
    expect(toCsvCell("plain")).toBe("plain");
  });

  it("writes numbers, booleans and blanks as they are", () => {
    expect(toCsvCell(42)).toBe("42");
    expect(toCsvCell(false)).toBe("false");
    expect(toCsvCell(null)).toBe("");
    expect(toCsvCell(undefined)).toBe("");
  });

  it("ends each line with CRLF", () => {
    expect(toCsvLine(["sku", 1, null])).toBe("sku,1,\r\n");
  });
});
