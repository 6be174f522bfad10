import { describe, expect, it } from "vitest";
import { adjustStockInputSchema, bulkAdjustInputSchema } from "@/lib/inventory/schemas";

describe("adjustStockInputSchema", () => {
  const ok = (v: unknown) => adjustStockInputSchema.safeParse(v).success;

  it("takes exactly one of stock / adjust, or a threshold alone", () => {
    expect(adjustStockInputSchema.parse({ stock: 5, reason: "  recount  " })).toEqual({ stock: 5, reason: "recount" });
    expect(ok({ adjust: -3, reason: "damaged" })).toBe(true);
    expect(ok({ lowStockThreshold: 2, reason: "r" })).toBe(true);
    expect(ok({ lowStockThreshold: null, reason: "r" })).toBe(true);
    expect(ok({ stock: 1, lowStockThreshold: 0, reason: "r" })).toBe(true);
    expect(ok({ stock: 1, adjust: 1, reason: "r" })).toBe(false);
    expect(ok({ reason: "r" })).toBe(false);
  });

  it("refuses non-integers, out-of-range values, unknown fields and empty reasons", () => {
    for (const bad of [
      { stock: 1.5, reason: "r" },
      { stock: -1, reason: "r" },
      { stock: 1_000_001, reason: "r" },
      { adjust: -1_000_001, reason: "r" },
      { adjust: "3", reason: "r" },
      { lowStockThreshold: -1, reason: "r" },
      { stock: 1, reason: "   " },
      { stock: 1, reason: "x".repeat(501) },
      { stock: 1 },
      { stock: 1, reason: "r", sku: "A" },
    ]) {
      expect(ok(bad), JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
    expect(ok({ adjust: -1_000_000, reason: "r" })).toBe(true);
    expect(ok({ stock: 1_000_000, reason: "x".repeat(500) })).toBe(true);
  });
});

describe("bulkAdjustInputSchema", () => {
  it("takes 1 to 5000 strict rows with a reason", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ sku: `S-${i}`, stock: i % 7 }));
    expect(bulkAdjustInputSchema.safeParse({ items: rows, reason: "erp" }).success).toBe(true);
    expect(bulkAdjustInputSchema.safeParse({ items: [...rows, { sku: "X", stock: 1 }], reason: "erp" }).success).toBe(false);
    expect(bulkAdjustInputSchema.safeParse({ items: [], reason: "erp" }).success).toBe(false);
    expect(bulkAdjustInputSchema.safeParse({ items: [{ sku: "A", stock: 1, adjust: 1 }], reason: "erp" }).success).toBe(false);
    expect(bulkAdjustInputSchema.safeParse({ items: [{ sku: "A", qty: 1 }], reason: "erp" }).success).toBe(false);
    expect(bulkAdjustInputSchema.safeParse({ items: [{ sku: "", stock: 1 }], reason: "erp" }).success).toBe(false);
    expect(bulkAdjustInputSchema.safeParse({ items: [{ sku: "A", stock: 1 }] }).success).toBe(false);
  });
});
