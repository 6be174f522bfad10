import { describe, expect, it } from "vitest";
import { addCartItemSchema, setCartItemSchema } from "@/lib/cart/schemas";

describe("cart request schemas", () => {
  it("accept whole quantities in range", () => {
    expect(addCartItemSchema.parse({ variantId: "v1", quantity: 1 })).toEqual({ variantId: "v1", quantity: 1 });
    expect(addCartItemSchema.parse({ variantId: "v1", quantity: 99 }).quantity).toBe(99);
    expect(setCartItemSchema.parse({ quantity: 0 }).quantity).toBe(0);
  });

  it("refuse wrong types, negative, fractional, huge quantities and unknown fields", () => {
    for (const q of [0, -1, 1.5, 100, 1e308, "2", null, true]) expect(addCartItemSchema.safeParse({ variantId: "v1", quantity: q }).success).toBe(false);
    for (const q of [-1, 0.5, 100, Number.MAX_SAFE_INTEGER + 2, "0"]) expect(setCartItemSchema.safeParse({ quantity: q }).success).toBe(false);
    expect(addCartItemSchema.safeParse({ variantId: "", quantity: 1 }).success).toBe(false);
    expect(addCartItemSchema.safeParse({ variantId: "x".repeat(65), quantity: 1 }).success).toBe(false);
    expect(addCartItemSchema.safeParse({ variantId: 5, quantity: 1 }).success).toBe(false);
    expect(addCartItemSchema.safeParse({ variantId: "v1", quantity: 1, price: 0 }).success).toBe(false);
    expect(setCartItemSchema.safeParse({ quantity: 1, variantId: "v" }).success).toBe(false);
    expect(addCartItemSchema.safeParse([]).success).toBe(false);
  });
});
