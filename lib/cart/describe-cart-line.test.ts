import { describe, expect, it } from "vitest";
import { describeCartLine } from "@/lib/cart/describe-cart-line";

describe("describeCartLine", () => {
  it("has no issue when the whole quantity is held", () => {
    expect(describeCartLine({ quantity: 2, held: 2, free: 0, sellable: true })).toEqual({ available: 2, issue: null });
    expect(describeCartLine({ quantity: 2, held: 2, free: 5, sellable: true })).toEqual({ available: 7, issue: null });
  });

  it("counts the shopper's own hold for them", () => {
    // 3 units, they hold 2, 1 is free: they could have 3.
    expect(describeCartLine({ quantity: 3, held: 2, free: 1, sellable: true })).toMatchObject({ available: 3, issue: { code: "HOLD_EXPIRED" } });
  });

  it("says HOLD_EXPIRED when the hold lapsed but the units can be held again", () => {
    const out = describeCartLine({ quantity: 2, held: 0, free: 2, sellable: true });
    expect(out.issue?.code).toBe("HOLD_EXPIRED");
    expect(out.available).toBe(2);
  });

  it("says QUANTITY_REDUCED with the number left when fewer can be held than asked", () => {
    const out = describeCartLine({ quantity: 5, held: 0, free: 2, sellable: true });
    expect(out).toMatchObject({ available: 2, issue: { code: "QUANTITY_REDUCED" } });
    expect(out.issue?.message).toMatch(/^Only 2 left — /);
  });

  it("says OUT_OF_STOCK when nothing can be had", () => {
    expect(describeCartLine({ quantity: 1, held: 0, free: 0, sellable: true })).toMatchObject({ available: 0, issue: { code: "OUT_OF_STOCK" } });
    expect(describeCartLine({ quantity: 1, held: 0, free: -3, sellable: true })).toMatchObject({ available: 0, issue: { code: "OUT_OF_STOCK" } });
  });

  it("says NOT_AVAILABLE for a product that cannot be sold, whatever is held", () => {
    expect(describeCartLine({ quantity: 1, held: 1, free: 9, sellable: false })).toMatchObject({ available: 0, issue: { code: "NOT_AVAILABLE" } });
    expect(describeCartLine({ quantity: 1, held: 0, free: 9, sellable: false, notReleased: true }).issue?.message).toMatch(/not on sale yet/);
  });
});
