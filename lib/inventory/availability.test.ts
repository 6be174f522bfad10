import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { availableUnits, isSellable, stockStateFor, type StockStateInput } from "@/lib/inventory/availability";

const now = new Date("2026-11-21T12:00:00.000Z");
const base: StockStateInput = { available: 10, lowStockThreshold: 3, productStatus: "ACTIVE", releaseAt: null, endsAt: null, now };
const minutes = (m: number) => new Date(now.getTime() + m * 60_000);

describe("stockStateFor", () => {
  it("is in stock above the threshold", () => {
    expect(stockStateFor(base)).toBe("in_stock");
    expect(stockStateFor({ ...base, available: 4 })).toBe("in_stock");
  });

  it("is low stock at or under the threshold, while any unit is left", () => {
    expect(stockStateFor({ ...base, available: 3 })).toBe("low_stock");
    expect(stockStateFor({ ...base, available: 1 })).toBe("low_stock");
  });

  it("is out of stock at zero (a threshold of 0 never says low)", () => {
    expect(stockStateFor({ ...base, available: 0 })).toBe("out_of_stock");
    expect(stockStateFor({ ...base, available: 0, lowStockThreshold: 0 })).toBe("out_of_stock");
    expect(stockStateFor({ ...base, available: 1, lowStockThreshold: 0 })).toBe("in_stock");
  });

  it("is coming soon before the release time, even when sold out", () => {
    expect(stockStateFor({ ...base, releaseAt: minutes(1) })).toBe("coming_soon");
    expect(stockStateFor({ ...base, available: 0, releaseAt: minutes(1) })).toBe("coming_soon");
    expect(stockStateFor({ ...base, releaseAt: now })).toBe("in_stock");
  });

  it("is unavailable when not ACTIVE or ended, before anything else", () => {
    expect(stockStateFor({ ...base, productStatus: "ARCHIVED" })).toBe("unavailable");
    expect(stockStateFor({ ...base, productStatus: "DRAFT", releaseAt: minutes(5) })).toBe("unavailable");
    expect(stockStateFor({ ...base, endsAt: now })).toBe("unavailable");
    expect(stockStateFor({ ...base, endsAt: minutes(1) })).toBe("in_stock");
  });

  it("agrees with isSellable: only released, unended ACTIVE products can be in/low/out of stock", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom("ACTIVE", "DRAFT", "ARCHIVED"),
        fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
        fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
        (available, threshold, status, rel, end) => {
          const input = { ...base, available, lowStockThreshold: threshold, productStatus: status, releaseAt: rel === null ? null : minutes(rel), endsAt: end === null ? null : minutes(end) };
          const state = stockStateFor(input);
          expect(["in_stock", "low_stock", "out_of_stock"].includes(state)).toBe(isSellable({ ...input, productStatus: status }));
        },
      ),
    );
  });
});

describe("availableUnits", () => {
  it("adds lapsed-but-unswept holds back and never goes negative", () => {
    expect(availableUnits({ stock: 10, reserved: 7, lapsed: 0 })).toBe(3);
    expect(availableUnits({ stock: 10, reserved: 7, lapsed: 4 })).toBe(7);
    expect(availableUnits({ stock: 5, reserved: 5, lapsed: 0 })).toBe(0);
    expect(availableUnits({ stock: 0, reserved: 2, lapsed: 0 })).toBe(0);
  });
});
