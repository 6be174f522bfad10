import { describe, expect, it } from "vitest";
import { cartCookieName, hashCartToken, isCartToken, newCartToken, storeSlugOfCartCookie } from "@/lib/cart/cart-token";

describe("cart tokens", () => {
  it("names one cookie per store and reads the store back", () => {
    expect(cartCookieName("demo")).toBe("cart_demo");
    expect(storeSlugOfCartCookie("cart_demo")).toBe("demo");
    expect(storeSlugOfCartCookie("cart_")).toBeNull();
    expect(storeSlugOfCartCookie("session")).toBeNull();
  });

  it("makes 32-byte base64url tokens that differ every time", () => {
    const a = newCartToken();
    const b = newCartToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, "base64url")).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isCartToken(a)).toBe(true);
    expect(isCartToken("short")).toBe(false);
    expect(isCartToken(`${a}=`)).toBe(false);
    expect(isCartToken(undefined)).toBe(false);
  });

  it("stores only the sha256 hex of a token", () => {
    expect(hashCartToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashCartToken(newCartToken())).toMatch(/^[0-9a-f]{64}$/);
  });
});
