import { describe, expect, it } from "vitest";
import { hasSessionCookie, isSessionCookieName } from "@/lib/auth/session-cookie";

describe("session cookie names", () => {
  it("knows Auth.js's session cookie, plain, __Secure- and chunked, and nothing else", () => {
    for (const name of ["authjs.session-token", "__Secure-authjs.session-token", "authjs.session-token.0", "__Secure-authjs.session-token.12"]) {
      expect(isSessionCookieName(name), name).toBe(true);
    }
    for (const name of ["authjs.csrf-token", "__Host-authjs.csrf-token", "cart_demo", "authjs.session-tokens", "xauthjs.session-token", ""]) {
      expect(isSessionCookieName(name), name).toBe(false);
    }
  });

  it("finds one in a Cookie header, wherever it stands", () => {
    expect(hasSessionCookie(null)).toBe(false);
    expect(hasSessionCookie("")).toBe(false);
    expect(hasSessionCookie("cart_demo=abc; authjs.csrf-token=x")).toBe(false);
    expect(hasSessionCookie("cart_demo=abc;authjs.session-token=eyJ.x.y")).toBe(true);
    expect(hasSessionCookie("__Secure-authjs.session-token.0=a; __Secure-authjs.session-token.1=b")).toBe(true);
    // A value that merely contains the name is not the cookie.
    expect(hasSessionCookie("note=authjs.session-token")).toBe(false);
  });
});
