import { describe, expect, it } from "vitest";
import { decodeProductCursor, encodeProductCursor } from "@/lib/catalog/list-products";
import { productsQuerySchema, stockQuerySchema } from "@/lib/catalog/schemas";

describe("product cursors", () => {
  it("round-trip (position, id)", () => {
    expect(decodeProductCursor(encodeProductCursor({ position: -3, id: "abc" }))).toEqual({ position: -3, id: "abc" });
  });

  it("reject anything else as INVALID_INPUT", () => {
    for (const bad of ["", "!!!", Buffer.from("[1]").toString("base64url"), Buffer.from('[1.5,"a"]').toString("base64url"), Buffer.from('{"a":1}').toString("base64url")]) {
      expect(() => decodeProductCursor(bad)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    }
  });
});

describe("catalogue query schemas", () => {
  it("splits, trims and de-duplicates variant ids, 1..100 of them", () => {
    expect(stockQuerySchema.parse({ variantIds: "a, b,,a" }).variantIds).toEqual(["a", "b"]);
    expect(stockQuerySchema.safeParse({}).success).toBe(false);
    expect(stockQuerySchema.safeParse({ variantIds: "," }).success).toBe(false);
    const ids = Array.from({ length: 101 }, (_, i) => `v${i}`);
    expect(stockQuerySchema.safeParse({ variantIds: ids.slice(0, 100).join(",") }).success).toBe(true);
    expect(stockQuerySchema.safeParse({ variantIds: ids.join(",") }).success).toBe(false);
    expect(stockQuerySchema.safeParse({ variantIds: "x".repeat(65) }).success).toBe(false);
  });

  it("takes limit 1..100 (empty means the default)", () => {
    expect(productsQuerySchema.parse({}).limit).toBe(24);
    expect(productsQuerySchema.parse({ limit: "", cursor: "" })).toEqual({ limit: 24 });
    expect(productsQuerySchema.parse({ limit: "100" }).limit).toBe(100);
    for (const bad of ["0", "101", "1.5", "-1", "abc"]) expect(productsQuerySchema.safeParse({ limit: bad }).success).toBe(false);
  });
});
